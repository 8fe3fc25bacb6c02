/**
 * The SMS rate limit: at most `perSecond` attempts in any one-second
 * window, retries included.
 *
 * @module
 */
import pThrottle from "p-throttle";

/** Runs an attempt when the limit allows it. */
export type Schedule = <T>(attempt: () => Promise<T>) => Promise<T>;

/**
 * Creates a scheduler for `perSecond` calls a second, or one that runs
 * every call at once when there is no limit. Strict mode spaces the calls
 * evenly, because p-throttle's default lets the whole limit go at once.
 */
export function createSchedule(
  perSecond: number | undefined,
  signal: AbortSignal,
): Schedule {
  if (perSecond === undefined) return (attempt) => attempt();
  const limit = Math.max(1, Math.floor(perSecond));
  const throttle = pThrottle({
    limit,
    interval: Math.round(1000 * limit / perSecond),
    strict: true,
    signal,
  });
  const run = throttle((attempt: () => Promise<unknown>) => attempt());
  return <T>(attempt: () => Promise<T>) => run(attempt) as Promise<T>;
}
