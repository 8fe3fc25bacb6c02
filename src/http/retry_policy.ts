/**
 * When a failed request is retried, and after how long.
 *
 * @module
 */

import {
  ApiError,
  HttpError,
  NetworkError,
  RequestTimeoutError,
} from "./errors.ts";

/** Statuses that mean the server did not process the request. */
const NOT_PROCESSED_STATUSES = new Set([408, 429]);
/**
 * Statuses worth a retry when a duplicate cannot result: server errors,
 * and 409, which APIs that honour idempotency keys send while the first
 * request with the same key is still in progress.
 */
const MAYBE_PROCESSED_STATUSES = new Set([409, 500, 502, 503, 504]);

/** Retry settings of one API. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Backoff before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound of any wait, the server's `Retry-After` included. */
  maxDelayMs: number;
  /**
   * Whether a request that may have arrived can be sent again: true when
   * the API honours `Idempotency-Key`, so a repeat cannot duplicate.
   */
  retryMaybeArrived: boolean;
}

/** Outcome of {@linkcode decideRetry}. */
export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; why?: string };

/**
 * Decides whether attempt `attempt` (1-based) that failed with `error` is
 * retried. Only failures that cannot cause a duplicate are retried, unless
 * the API honours idempotency keys.
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (attempt > policy.retries) return { retry: false };
  if (!isRetryable(error, policy)) return { retry: false };

  const requested = error instanceof HttpError ? error.retryAfterMs : undefined;
  if (requested !== undefined) {
    if (requested > policy.maxDelayMs) {
      return {
        retry: false,
        why: `the server asked to wait ${
          Math.ceil(requested / 1000)
        } s, more than retry_max_delay_seconds`,
      };
    }
    return { retry: true, delayMs: requested };
  }

  return { retry: true, delayMs: backoffDelay(attempt, policy, random) };
}

/**
 * Exponential backoff with "equal jitter": half the capped delay plus a
 * random share of the other half, so clients that failed together do not
 * retry in step.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}

function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (error instanceof HttpError) {
    if (NOT_PROCESSED_STATUSES.has(error.status)) return true;
    return MAYBE_PROCESSED_STATUSES.has(error.status) &&
      policy.retryMaybeArrived;
  }
  if (error instanceof NetworkError) {
    return error.unreachable || policy.retryMaybeArrived;
  }
  if (error instanceof RequestTimeoutError) return policy.retryMaybeArrived;
  return false;
}

/** Tells whether a final failure leaves the outcome unknown. */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof ApiError && error.arrival === "maybe";
}
