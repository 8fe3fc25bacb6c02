/**
 * Exit codes of `assessment-sms`, documented in the README.
 *
 * @module
 */

/** Process exit codes, by meaning. */
export const EXIT = {
  /** Every recipient was sent, or skipped on purpose. */
  OK: 0,
  /** Some recipients failed. */
  SOME_FAILED: 1,
  /** Usage, configuration or input error: nothing was sent. */
  USAGE: 2,
  /** Stopped early on a systemic failure (authentication, unreachable). */
  STOPPED: 3,
  /** Some outcomes are unknown; takes precedence over `SOME_FAILED`. */
  UNKNOWN: 4,
  /** Interrupted by SIGINT or SIGTERM. */
  INTERRUPTED: 130,
} as const;
