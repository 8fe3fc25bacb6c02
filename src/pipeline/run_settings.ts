/**
 * The normalised settings of one `send` run: the configuration with the
 * command-line overrides applied, checked once at the edge.
 *
 * @module
 */
import type { ConfigFile } from "../config/schema.ts";

/** Everything the pipeline needs to know about a run, already validated. */
export interface RunSettings {
  config: ConfigFile;
  /** Run id, also the prefix of every idempotency key. */
  runId: string;
  /** Number of recipients processed at once. */
  maxConcurrent: number;
  /** SMS requests per second, retries included; absent for no limit. */
  rateLimitPerSecond?: number;
  /** Resends SMS whose outcome an earlier run left unknown. */
  retryUnknown: boolean;
  /** Strings that must never reach a message, report or journal. */
  secrets: readonly string[];
}
