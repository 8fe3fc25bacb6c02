/**
 * A local stand-in for the assessment API and the SMS gateway, served on
 * 127.0.0.1 for demos, end-to-end tests, crash tests and benchmarks.
 *
 * The sandbox imports nothing from the sender, so a bug in one cannot hide
 * in the other. It never prints.
 *
 * @example Start, send and stop
 * ```ts
 * import { startSandbox } from "./mod.ts";
 *
 * const sandbox = await startSandbox();
 * await fetch(`${sandbox.url}/sms/send`, {
 *   method: "POST",
 *   headers: { "x-api-key": "sandbox-sms-key" },
 *   body: JSON.stringify({ to: "+97699112233", text: "Сайн байна уу" }),
 * }).then((response) => response.body?.cancel());
 * console.log(sandbox.outbox().length); // 1
 * await sandbox.shutdown();
 * ```
 *
 * @module
 */

import type { SandboxContext } from "./context.ts";
import { applyFaults, currentFaults, resetSandbox } from "./control_routes.ts";
import type { SandboxFaults } from "./fault_settings.ts";
import { FaultInjector } from "./faults.ts";
import { IdempotencyStore } from "./idempotency.ts";
import { DEFAULT_SEED } from "./prng.ts";
import { RequestLog, type RequestLogEntry } from "./request_log.ts";
import { listen } from "./server.ts";
import {
  type AssessmentRecord,
  SandboxState,
  type SandboxStats,
  type SmsRecord,
} from "./state.ts";

export type {
  ApiName,
  FaultSettings,
  SandboxFaults,
} from "./fault_settings.ts";
export {
  MAX_FAIL_FIRST,
  MAX_LATENCY_MS,
  MAX_RETRY_AFTER_SECONDS,
} from "./fault_settings.ts";
export type { ApiCounts, FaultCounts } from "./state.ts";
export type { EndpointName } from "./request_log.ts";
export { SANDBOX_HOSTNAME } from "./server.ts";
export { DEFAULT_SEED };
export type { AssessmentRecord, RequestLogEntry, SandboxStats, SmsRecord };

/** Default bearer token of the assessment API. */
export const DEFAULT_ASSESSMENT_TOKEN = "sandbox-assessment-token";
/** Default `X-Api-Key` of the SMS gateway. */
export const DEFAULT_SMS_KEY = "sandbox-sms-key";

/** Options of {@linkcode startSandbox}. */
export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Bearer token the assessment API accepts. @default "sandbox-assessment-token" */
  assessmentToken?: string;
  /** `X-Api-Key` the SMS gateway accepts. @default "sandbox-sms-key" */
  smsKey?: string;
  /**
   * Process every request anew even when its `Idempotency-Key` repeats, and
   * count the repeats in stats. @default false
   */
  ignoreIdempotencyKeys?: boolean;
  /** Faults to inject from the start. @default {} */
  faults?: SandboxFaults;
  /** Seed of the generator that picks faults and jitter. @default DEFAULT_SEED */
  seed?: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Port the sandbox listens on. */
  readonly port: number;
  /** Returns the SMS accepted so far, oldest first. */
  outbox(): SmsRecord[];
  /** Returns the assessments created so far, oldest first. */
  assessments(): AssessmentRecord[];
  /** Returns a copy of the counters. */
  stats(): SandboxStats;
  /** Returns the most recent requests, oldest first. */
  requests(): RequestLogEntry[];
  /** Returns the fault settings in force. */
  faults(): SandboxFaults;
  /**
   * Replaces the faults of both APIs; an API left out gets none.
   *
   * @throws {TypeError | RangeError} when a setting is invalid, in which
   * case nothing changes.
   */
  setFaults(faults: SandboxFaults): void;
  /** Clears records, keys, counters, the request log and the faults. */
  reset(): void;
  /** Stops listening and closes every connection, hung ones included. */
  shutdown(): Promise<void>;
}

/**
 * Starts a sandbox on 127.0.0.1.
 *
 * @throws {TypeError | RangeError} when an option is invalid.
 * @throws {Error} when the port cannot be bound, for example because it is in
 * use.
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const port = checkPort(options.port ?? 0);
  const seed = checkSeed(options.seed ?? DEFAULT_SEED);
  const stop = new AbortController();
  const context: SandboxContext = {
    origin: "",
    assessmentToken: checkSecret(
      options.assessmentToken ?? DEFAULT_ASSESSMENT_TOKEN,
      "assessmentToken",
    ),
    smsKey: checkSecret(options.smsKey ?? DEFAULT_SMS_KEY, "smsKey"),
    ignoreIdempotencyKeys: options.ignoreIdempotencyKeys ?? false,
    state: new SandboxState(),
    keys: new IdempotencyStore(),
    // Separate generators keep one API's sequence independent of the other.
    faults: {
      assessment: new FaultInjector(seed),
      sms: new FaultInjector(seed + 1),
    },
    log: new RequestLog(),
    stopping: stop.signal,
  };
  applyFaults(context, options.faults ?? {});
  const server = await listen(context, port, stop);

  return {
    url: context.origin,
    port: server.port,
    outbox: () => context.state.outbox(),
    assessments: () => context.state.assessments(),
    stats: () => context.state.statsSnapshot(),
    requests: () => context.log.entries(),
    faults: () => currentFaults(context),
    setFaults: (faults) => applyFaults(context, faults),
    reset: () => resetSandbox(context),
    shutdown: () => server.close(),
  };
}

function checkPort(port: number): number {
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;

  throw new RangeError(
    `Invalid sandbox port: ${port} must be a whole number from 0 to 65535`,
  );
}

function checkSeed(seed: number): number {
  if (Number.isSafeInteger(seed)) return seed;

  throw new RangeError(`Invalid sandbox seed: ${seed} must be a whole number`);
}

function checkSecret(value: string, name: string): string {
  if (typeof value === "string" && value.trim() !== "") return value;

  throw new TypeError(
    `Invalid sandbox option ${name}: it must be a non-empty string`,
  );
}
