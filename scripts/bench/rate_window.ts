/**
 * Figures of an SMS rate from the times the gateway received each message.
 *
 * @module
 */

/** Rate figures of {@linkcode measureRate}. */
export interface RateFigures {
  /** Maximum messages received in any window of `windowMs`. */
  maxInWindow: number;
  /** Messages a second from the first to the last message. */
  overallPerSecond: number;
}

/**
 * Measures `times` (milliseconds since the epoch, any order). A window
 * starts at each message and contains the messages received less than
 * `windowMs` after it. No other window can contain more, because moving a
 * window's start forward to its first message keeps every message in it.
 * The overall rate counts the intervals between messages, so N messages
 * spread evenly at R a second give R.
 */
export function measureRate(times: number[], windowMs = 1000): RateFigures {
  const sorted = [...times].sort((a, b) => a - b);
  let maxInWindow = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) {
      end++;
    }
    maxInWindow = Math.max(maxInWindow, end - start);
  }

  const spanMs = sorted.length < 2 ? 0 : sorted.at(-1)! - sorted[0]!;
  const overallPerSecond = spanMs === 0
    ? 0
    : (sorted.length - 1) * 1000 / spanMs;
  return { maxInWindow, overallPerSecond };
}
