/**
 * Runs one API call with retries, using p-retry for the attempt loop and
 * {@linkcode decideRetry} for which failures are retried and how long to
 * wait.
 *
 * @module
 */

import pRetry from "p-retry";
import { decideRetry, type RetryPolicy } from "./retry_policy.ts";

/** A failed attempt that will be retried, for progress and logs. */
export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: unknown;
}

/** Why a retry was not made while the run stops. */
const STOPPING = "the run is stopping";

/** Options of {@linkcode sendWithRetry}. */
export interface SendWithRetryOptions {
  policy: RetryPolicy;
  /** Stops waiting and retrying when aborted. */
  signal: AbortSignal;
  /**
   * Ends the retries without aborting: the last failure becomes final, so
   * a run that is stopping finishes its recipients quickly.
   */
  stopRetries?: AbortSignal;
  /** Called before each wait. */
  onRetry?: (event: RetryEvent) => void;
}

/** Result of a call that succeeded, with the attempts it took. */
export interface Attempted<T> {
  value: T;
  attempts: number;
}

/** Error thrown when every attempt failed; `cause` is the last failure. */
export class AttemptsExhaustedError extends Error {
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** Why no further retry was made, when it was not simply the limit. */
  readonly why: string | undefined;

  /** Wraps the last failure `cause` after `attempts` attempts. */
  constructor(cause: unknown, attempts: number, why?: string) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "AttemptsExhaustedError";
    this.attempts = attempts;
    this.why = why;
  }
}

/**
 * Calls `attempt` until it succeeds or the policy gives up.
 *
 * @throws {AttemptsExhaustedError} wrapping the last failure.
 */
export async function sendWithRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: SendWithRetryOptions,
): Promise<Attempted<T>> {
  let attempts = 0;
  try {
    const value = await pRetry(
      (attemptNumber) => {
        attempts = attemptNumber;
        return attempt(attemptNumber);
      },
      {
        retries: options.policy.retries,
        // The waits happen in onFailedAttempt, which reads Retry-After.
        minTimeout: 0,
        maxTimeout: 0,
        signal: options.signal,
        onFailedAttempt: async ({ error, attemptNumber }) => {
          const decision = decideRetry(error, attemptNumber, options.policy);
          if (!decision.retry) {
            throw new AttemptsExhaustedError(
              error,
              attemptNumber,
              decision.why,
            );
          }
          const stop = options.stopRetries;
          if (stop?.aborted) {
            throw new AttemptsExhaustedError(error, attemptNumber, STOPPING);
          }
          options.onRetry?.({
            attempt: attemptNumber,
            delayMs: decision.delayMs,
            error,
          });
          const waitSignal = stop === undefined
            ? options.signal
            : AbortSignal.any([options.signal, stop]);
          try {
            await sleep(decision.delayMs, waitSignal);
          } catch (reason) {
            if (options.signal.aborted || !stop?.aborted) throw reason;
            throw new AttemptsExhaustedError(error, attemptNumber, STOPPING);
          }
        },
      },
    );
    return { value, attempts };
  } catch (error) {
    if (error instanceof AttemptsExhaustedError) throw error;
    if (options.signal.aborted) throw error;
    throw new AttemptsExhaustedError(error, attempts);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", abort, { once: true });

    function done() {
      signal.removeEventListener("abort", abort);
      resolve();
    }

    function abort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
  });
}
