/**
 * Fault settings of the sandbox: the public shape, the accepted ranges and
 * their validation into a complete, normalised form.
 *
 * @module
 */

import { isE164 } from "./e164.ts";

/** The two APIs served by the sandbox. */
export type ApiName = "assessment" | "sms";

/** Both API names, in a fixed order. */
export const API_NAMES: readonly ApiName[] = ["assessment", "sms"];

/**
 * Faults injected into one API. Every rate is a share from 0 to 1 of the
 * requests to that API, and the rates together must not exceed 1 because
 * each request gets at most one of them.
 */
export interface FaultSettings {
  /** Delay before responding, in milliseconds. @default 0 */
  latencyMs?: number;
  /** Uniform spread of the delay, plus or minus, in milliseconds. @default 0 */
  jitterMs?: number;
  /** Share that gets `errorStatus` and is not processed. @default 0 */
  errorRate?: number;
  /** Status of injected server errors. @default 500 */
  errorStatus?: 500 | 503;
  /** Share that gets 429 with `Retry-After` and is not processed. @default 0 */
  rateLimitRate?: number;
  /** Value of `Retry-After` on injected 429 responses, in seconds. @default 1 */
  retryAfterSeconds?: number;
  /** Share whose connection is closed with no response. @default 0 */
  dropRate?: number;
  /** Share that gets no response until the client or the server gives up. @default 0 */
  hangRate?: number;
  /**
   * Share that is processed, then closed with no response, so the client
   * cannot tell whether it took effect. @default 0
   */
  loseResponseRate?: number;
  /** SMS only: share that gets 200 with an error status in the body. @default 0 */
  errorBodyRate?: number;
  /** Number of first requests that get `errorStatus`. @default 0 */
  failFirst?: number;
  /** SMS only: E.164 numbers rejected with 400 as blacklisted. @default [] */
  blacklist?: readonly string[];
}

/** Fault settings per API; an API left out gets no faults. */
export interface SandboxFaults {
  /** Faults of `POST /api/assessments`. */
  assessment?: FaultSettings;
  /** Faults of `POST /sms/send`. */
  sms?: FaultSettings;
}

/** Fault settings with every field present and checked. */
export interface NormalizedFaultSettings {
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly errorRate: number;
  readonly errorStatus: 500 | 503;
  readonly rateLimitRate: number;
  readonly retryAfterSeconds: number;
  readonly dropRate: number;
  readonly hangRate: number;
  readonly loseResponseRate: number;
  readonly errorBodyRate: number;
  readonly failFirst: number;
  readonly blacklist: ReadonlySet<string>;
}

/** Largest accepted `latencyMs` and `jitterMs`: ten minutes. */
export const MAX_LATENCY_MS = 600_000;
/** Largest accepted `retryAfterSeconds`: one day. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;
/** Largest accepted `failFirst`. */
export const MAX_FAIL_FIRST = 1_000_000_000;

/** Names of the settings that are shares from 0 to 1. */
const RATE_NAMES = [
  "errorRate",
  "rateLimitRate",
  "dropRate",
  "hangRate",
  "loseResponseRate",
  "errorBodyRate",
] as const;

/** Settings that make sense only for the SMS gateway. */
const SMS_ONLY_NAMES = new Set(["errorBodyRate", "blacklist"]);

const KNOWN_NAMES = new Set([
  ...RATE_NAMES,
  "latencyMs",
  "jitterMs",
  "errorStatus",
  "retryAfterSeconds",
  "failFirst",
  "blacklist",
]);

/** Slack for rates such as 0.1 + 0.2 that add up to a hair over a limit. */
const RATE_SUM_TOLERANCE = 1e-9;

/** Settings that inject nothing. */
export const NO_FAULTS: NormalizedFaultSettings = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorStatus: 500,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  dropRate: 0,
  hangRate: 0,
  loseResponseRate: 0,
  errorBodyRate: 0,
  failFirst: 0,
  blacklist: new Set<string>(),
});

/**
 * Checks the fault settings of one API and fills in the defaults.
 *
 * @throws {TypeError} when `input` is not an object or a value has the
 * wrong type.
 * @throws {RangeError} when a value is out of range, a setting is unknown,
 * an SMS-only setting is given for the assessment API, or the rates add up to
 * more than 1.
 */
export function normalizeFaultSettings(
  input: unknown,
  api: ApiName,
): NormalizedFaultSettings {
  if (input === undefined || input === null) return NO_FAULTS;

  if (typeof input !== "object" || Array.isArray(input)) {
    throw new TypeError(
      `Invalid ${api} fault settings: expected an object, got ${
        describe(input)
      }`,
    );
  }

  const settings = input as Record<string, unknown>;
  checkNames(settings, api);
  const normalized = {
    latencyMs: readNumber(settings, api, "latencyMs", 0, MAX_LATENCY_MS),
    jitterMs: readNumber(settings, api, "jitterMs", 0, MAX_LATENCY_MS),
    errorRate: readNumber(settings, api, "errorRate", 0, 1),
    errorStatus: readErrorStatus(settings, api),
    rateLimitRate: readNumber(settings, api, "rateLimitRate", 0, 1),
    retryAfterSeconds: readInteger(
      settings,
      api,
      "retryAfterSeconds",
      MAX_RETRY_AFTER_SECONDS,
      1,
    ),
    dropRate: readNumber(settings, api, "dropRate", 0, 1),
    hangRate: readNumber(settings, api, "hangRate", 0, 1),
    loseResponseRate: readNumber(settings, api, "loseResponseRate", 0, 1),
    errorBodyRate: readNumber(settings, api, "errorBodyRate", 0, 1),
    failFirst: readInteger(settings, api, "failFirst", MAX_FAIL_FIRST, 0),
    blacklist: readBlacklist(settings, api),
  };
  checkRateSum(normalized, api);
  return normalized;
}

function checkNames(settings: Record<string, unknown>, api: ApiName): void {
  for (const name of Object.keys(settings)) {
    if (!KNOWN_NAMES.has(name)) {
      throw new RangeError(
        `Invalid ${api} fault settings: unknown setting "${name}", use one of ${
          [...KNOWN_NAMES].join(", ")
        }`,
      );
    }

    if (api === "assessment" && SMS_ONLY_NAMES.has(name)) {
      throw new RangeError(
        `Invalid assessment fault settings: "${name}" applies to the sms API only, move it to the sms settings`,
      );
    }
  }
}

function readNumber(
  settings: Record<string, unknown>,
  api: ApiName,
  name: string,
  min: number,
  max: number,
): number {
  const value = settings[name];
  if (value === undefined) return min;

  if (typeof value !== "number" || !(value >= min && value <= max)) {
    throw new RangeError(
      `Invalid ${api} fault setting ${name}: ${
        describe(value)
      } must be a number from ${min} to ${max}`,
    );
  }

  return value;
}

function readInteger(
  settings: Record<string, unknown>,
  api: ApiName,
  name: string,
  max: number,
  fallback: number,
): number {
  const value = settings[name];
  if (value === undefined) return fallback;

  if (
    !Number.isInteger(value) || (value as number) < 0 || (value as number) > max
  ) {
    throw new RangeError(
      `Invalid ${api} fault setting ${name}: ${
        describe(value)
      } must be a whole number from 0 to ${max}`,
    );
  }

  return value as number;
}

function readErrorStatus(
  settings: Record<string, unknown>,
  api: ApiName,
): 500 | 503 {
  const value = settings.errorStatus;
  if (value === undefined) return 500;
  if (value === 500 || value === 503) return value;

  throw new RangeError(
    `Invalid ${api} fault setting errorStatus: ${
      describe(value)
    } must be 500 or 503`,
  );
}

function readBlacklist(
  settings: Record<string, unknown>,
  api: ApiName,
): ReadonlySet<string> {
  const value = settings.blacklist;
  if (value === undefined) return NO_FAULTS.blacklist;

  if (!Array.isArray(value)) {
    throw new TypeError(
      `Invalid ${api} fault setting blacklist: ${
        describe(value)
      } must be a list of E.164 numbers such as ["+97699112233"]`,
    );
  }

  for (const number of value) {
    if (!isE164(number)) {
      throw new RangeError(
        `Invalid ${api} fault setting blacklist: ${
          describe(number)
        } is not an E.164 number, write it like +97699112233`,
      );
    }
  }

  return new Set(value as string[]);
}

function checkRateSum(settings: NormalizedFaultSettings, api: ApiName): void {
  const sum = RATE_NAMES.reduce((total, name) => total + settings[name], 0);

  if (sum > 1 + RATE_SUM_TOLERANCE) {
    throw new RangeError(
      `Invalid ${api} fault settings: the rates add up to ${
        Number(sum.toFixed(6))
      }, lower them so that their sum is at most 1`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";

  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
