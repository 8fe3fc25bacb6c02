/**
 * The two API calls of the pipeline: create an assessment and send an SMS,
 * each with retries, reading the fields the configuration names from each
 * response.
 *
 * @module
 */
import type { ApiConfig, ConfigFile } from "../config/schema.ts";
import { callApi } from "../http/call_api.ts";
import { ResponseFormatError } from "../http/errors.ts";
import { readText } from "../http/json_path.ts";
import type { RetryPolicy } from "../http/retry_policy.ts";
import { type RetryEvent, sendWithRetry } from "../http/send_with_retry.ts";
import type { PlaceholderValues } from "../message/template.ts";

/** Display names of the two APIs in messages. */
export const ASSESSMENT_API = "Assessment API";
export const SMS_API = "SMS API";

/** A created assessment, as read from the API's response. */
export interface CreatedAssessment {
  id?: string;
  link: string;
  expiresAt?: string;
}

/** Result of a call with the number of HTTP attempts it took. */
export interface CallResult<T> {
  value: T;
  attempts: number;
}

/** Shared settings of every call in a run. */
export interface ApiCallOptions {
  idempotencyKey: string;
  /** Aborts requests in flight and waits between retries. */
  signal: AbortSignal;
  secrets: readonly string[];
  /** Called before each retry wait. */
  onRetry?: (event: RetryEvent) => void;
  /** Wraps each HTTP attempt, for a rate limit. @default runs it as is */
  schedule?: <T>(attempt: () => Promise<T>) => Promise<T>;
  /**
   * HTTP client of this API, or `undefined` for Deno's shared one. Required,
   * so that no call site omits the client of an API without keys.
   */
  client: Deno.HttpClient | undefined;
  /** Ends retries early when the run is stopping. */
  stopRetries: AbortSignal;
}

/** Builds the retry policy of one API from the processing settings. */
export function retryPolicyOf(
  config: ConfigFile,
  api: ApiConfig,
): RetryPolicy {
  return {
    retries: config.processing.retry_attempts,
    baseDelayMs: config.processing.retry_delay_seconds * 1000,
    maxDelayMs: config.processing.retry_max_delay_seconds * 1000,
    retryMaybeArrived: api.honours_idempotency_key,
  };
}

/**
 * Creates one assessment.
 *
 * @throws {AttemptsExhaustedError} wrapping the last failure.
 */
export async function createAssessment(
  config: ConfigFile,
  values: PlaceholderValues,
  options: ApiCallOptions,
): Promise<CallResult<CreatedAssessment>> {
  const api = config.assessment_api;
  const result = await sendWithRetry(async () => {
    const answer = await schedule(
      options,
      () => callApi(api, values, { ...options, name: ASSESSMENT_API }),
    );
    return readAssessment(api, answer.body);
  }, {
    policy: retryPolicyOf(config, api),
    signal: options.signal,
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
    stopRetries: options.stopRetries,
  });
  return { value: result.value, attempts: result.attempts };
}

/**
 * Sends one SMS and returns the gateway's message id, when configured.
 *
 * @throws {AttemptsExhaustedError} wrapping the last failure.
 */
export async function sendSms(
  config: ConfigFile,
  values: PlaceholderValues,
  options: ApiCallOptions,
): Promise<CallResult<{ messageId?: string }>> {
  const api = config.sms_api;
  const path = api.response.message_id;
  const result = await sendWithRetry(async () => {
    const answer = await schedule(
      options,
      () => callApi(api, values, { ...options, name: SMS_API }),
    );
    const messageId = path === undefined
      ? undefined
      : readText(answer.body, path);
    return messageId === undefined ? {} : { messageId };
  }, {
    policy: retryPolicyOf(config, api),
    signal: options.signal,
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
    stopRetries: options.stopRetries,
  });
  return { value: result.value, attempts: result.attempts };
}

function schedule<T>(
  options: ApiCallOptions,
  attempt: () => Promise<T>,
): Promise<T> {
  return options.schedule === undefined ? attempt() : options.schedule(attempt);
}

function readAssessment(
  api: ConfigFile["assessment_api"],
  body: unknown,
): CreatedAssessment {
  const link = readText(body, api.response.link);
  if (link === undefined) {
    const host = new URL(api.url).host;
    throw new ResponseFormatError(
      { api: ASSESSMENT_API, method: api.method, host },
      `the answer has no link at "${api.response.link}": check assessment_api.response.link`,
    );
  }
  const id = api.response.id === undefined
    ? undefined
    : readText(body, api.response.id);
  const expiresAt = api.response.expires_at === undefined
    ? undefined
    : readText(body, api.response.expires_at);
  return {
    link,
    ...(id === undefined ? {} : { id }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}
