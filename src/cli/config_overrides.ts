/**
 * Applies the `send` options that override configuration values.
 *
 * @module
 */
import type { ConfigFile } from "../config/schema.ts";
import type { SendFlags } from "./send_flags.ts";

/** Returns `config` with every override given on the command line. */
export function applyOverrides(
  config: ConfigFile,
  flags: SendFlags,
): ConfigFile {
  const assessment = { ...config.assessment };
  if (flags.respondentId !== undefined) {
    assessment.respondent_id = flags.respondentId;
  }
  if (flags.typeIds !== undefined) assessment.type_ids = flags.typeIds;
  if (flags.expiresInDays !== undefined) {
    assessment.expires_in_days = flags.expiresInDays;
  }

  const processing = { ...config.processing };
  if (flags.maxConcurrent !== undefined) {
    processing.max_concurrent = flags.maxConcurrent;
  }
  if (flags.retryAttempts !== undefined) {
    processing.retry_attempts = flags.retryAttempts;
  }
  if (flags.retryDelaySeconds !== undefined) {
    processing.retry_delay_seconds = flags.retryDelaySeconds;
  }
  if (flags.rateLimit !== undefined) {
    processing.rate_limit_per_second = flags.rateLimit;
  }

  const safety = { ...config.safety };
  if (flags.maxRecipients !== undefined) {
    safety.max_recipients = flags.maxRecipients;
  }
  return { ...config, assessment, processing, safety };
}
