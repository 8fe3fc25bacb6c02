/**
 * Input and configuration files of one benchmark case.
 *
 * @module
 */

/**
 * Two-digit mobile prefixes of Mongolian numbers, in order of use. Each
 * gives a million distinct eight-digit numbers (the prefix and six digits).
 */
const MOBILE_PREFIXES = ["99", "88", "95", "94", "91", "90", "89", "86"];
const NUMBERS_PER_PREFIX = 1_000_000;

/** Largest input {@linkcode writeNumbers} can fill with distinct numbers. */
export const MAX_GENERATED_NUMBERS = MOBILE_PREFIXES.length *
  NUMBERS_PER_PREFIX;

/**
 * Writes `count` distinct valid Mongolian mobile numbers to `path`, one a
 * line in national form (`99000000`, `99000001`, …).
 *
 * @throws {RangeError} when `count` exceeds {@linkcode MAX_GENERATED_NUMBERS}.
 */
export async function writeNumbers(path: string, count: number): Promise<void> {
  if (count > MAX_GENERATED_NUMBERS) {
    throw new RangeError(
      `Cannot generate ${count} numbers: the maximum is ${MAX_GENERATED_NUMBERS}`,
    );
  }

  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const prefix = MOBILE_PREFIXES[Math.floor(index / NUMBERS_PER_PREFIX)];
    const suffix = String(index % NUMBERS_PER_PREFIX).padStart(6, "0");
    lines.push(`${prefix}${suffix}`);
  }
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
}

/** Settings of the configuration that {@linkcode writeConfig} writes. */
export interface BenchConfig {
  /** Origin of the sandbox, such as `http://127.0.0.1:41234`. */
  sandboxUrl: string;
  maxConcurrent: number;
  /** SMS requests a second, or no limit when absent. */
  rateLimitPerSecond?: number;
}

/**
 * Writes a configuration for the sandbox with literal URLs and tokens, so
 * `send` needs no environment variable. Retries are off, so every request
 * the sandbox answers is one attempt, and the CPU figure holds no retry.
 */
export async function writeConfig(
  path: string,
  config: BenchConfig,
): Promise<void> {
  const rateLimit = config.rateLimitPerSecond === undefined
    ? ""
    : `  rate_limit_per_second: ${config.rateLimitPerSecond}\n`;

  const yaml = `assessment_api:
  url: ${config.sandboxUrl}/api/assessments
  headers:
    Authorization: Bearer sandbox-assessment-token
  body:
    phone: "{phone}"
    respondent_id: "{respondent_id}"
    type_ids: "{type_ids}"
    expires_in_days: "{expires_in_days}"
  response:
    link: data.link
    id: data.id
    expires_at: data.expires_at
  honours_idempotency_key: true
  timeout_seconds: 30

sms_api:
  url: ${config.sandboxUrl}/sms/send
  headers:
    X-Api-Key: sandbox-sms-key
  body:
    to: "{phone}"
    text: "{message}"
    from: "QA-TEST"
  response:
    message_id: message_id
  success:
    field: status
    equals: ok
  error_field: error
  honours_idempotency_key: true
  timeout_seconds: 30

message_template: "Сайн байна уу! Эрсдэлийн үнэлгээний тест: {link}"

assessment:
  respondent_id: "qa-bench"
  type_ids: [1, 2]
  expires_in_days: 7

processing:
  max_concurrent: ${config.maxConcurrent}
  retry_attempts: 0
${rateLimit}`;
  await Deno.writeTextFile(path, yaml);
}
