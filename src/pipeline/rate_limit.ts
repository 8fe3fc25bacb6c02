/**
 * The SMS rate limit: at most `perSecond` attempts in any one-second
 * window, retries included.
 *
 * @module
 */
import pThrottle from "p-throttle";

/** Runs an attempt when the limit allows it. */
export type Schedule = <T>(attempt: () => Promise<T>) => Promise<T>;

/** Small bursts a second, so the rate is even rather than one big burst. */
const BURSTS_PER_SECOND = 5;

/**
 * Share by which the interval is stretched. Requests reach the gateway
 * with a few milliseconds of jitter, and a limit met exactly on the client
 * would then show one request too many in some window on the server.
 */
const SAFETY_MARGIN = 1.01;

/**
 * Creates a scheduler for `perSecond` calls a second, or one that runs
 * every call at once when there is no limit.
 *
 * p-throttle's strict mode lets `limit` calls start together and then
 * keeps every window of `interval` at `limit`, so a limit of a fifth of the
 * rate over a fifth of a second spreads the calls evenly.
 */
export function createSchedule(
  perSecond: number | undefined,
  signal: AbortSignal,
): Schedule {
  if (perSecond === undefined) return (attempt) => attempt();
  const limit = Math.max(1, Math.round(perSecond / BURSTS_PER_SECOND));
  const throttle = pThrottle({
    limit,
    interval: Math.round(1000 * limit / perSecond * SAFETY_MARGIN),
    strict: true,
    signal,
  });
  const run = throttle((attempt: () => Promise<unknown>) => attempt());
  return <T>(attempt: () => Promise<T>) => run(attempt) as Promise<T>;
}
