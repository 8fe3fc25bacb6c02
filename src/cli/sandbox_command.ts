/**
 * The `sandbox` command: serves the local stand-in for both APIs until
 * SIGINT or SIGTERM. The sandbox itself is imported only when the command
 * runs, so `--help` stays instant.
 *
 * @module
 */

import { type Command, InvalidArgumentError } from "commander";
import { isE164 } from "../sandbox/e164.ts";
import {
  type FaultSettings,
  MAX_FAIL_FIRST,
  MAX_LATENCY_MS,
  MAX_RETRY_AFTER_SECONDS,
  type SandboxFaults,
} from "../sandbox/fault_settings.ts";
import type { Sandbox, SandboxOptions } from "../sandbox/mod.ts";

/** Port of `sandbox` when `--port` is not given. */
export const DEFAULT_SANDBOX_PORT = 8787;

/** APIs the fault flags apply to. */
export type FaultTarget = "assessment" | "sms" | "both";

/** Options of `sandbox` as commander parses them. */
export interface SandboxFlags {
  port: number;
  faultsOn: FaultTarget;
  latencyMs?: number;
  jitterMs?: number;
  errorRate?: number;
  errorStatus?: 500 | 503;
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  dropRate?: number;
  hangRate?: number;
  loseResponseRate?: number;
  errorBodyRate?: number;
  failFirst?: number;
  blacklist?: string[];
  ignoreIdempotencyKeys?: boolean;
  seed?: number;
  assessmentToken?: string;
  smsKey?: string;
}

/** Fault flags that apply to the SMS gateway only. */
const SMS_ONLY_FLAGS = {
  errorBodyRate: "--error-body-rate",
  blacklist: "--blacklist",
};

const FAULT_FLAG_NAMES = [
  "latencyMs",
  "jitterMs",
  "errorRate",
  "errorStatus",
  "rateLimitRate",
  "retryAfterSeconds",
  "dropRate",
  "hangRate",
  "loseResponseRate",
  "failFirst",
] as const;

const HELP_AFTER = `
Endpoints:
  POST /api/assessments   Authorization: Bearer <assessment token>
  POST /sms/send          X-Api-Key: <sms key>
  GET  /sms/outbox, GET /api/assessments, GET /_sandbox/stats,
  GET  /_sandbox/requests, PUT /_sandbox/faults, POST /_sandbox/reset

Fault flags apply to both APIs unless --faults-on picks one;
--error-body-rate and --blacklist apply to the SMS gateway only.
The rates are shares of requests from 0 to 1 and together must not exceed 1.
POST /_sandbox/reset clears the faults given here too; PUT /_sandbox/faults
sets them again, with a JSON body per API in the flags' camelCase names:
  {"sms": {"errorRate": 0.2, "errorStatus": 503, "blacklist": ["+97699112233"]}}

Example:
  assessment-sms sandbox --port 0 --latency-ms 50 --error-rate 0.1`;

/**
 * Adds the `sandbox` subcommand to `program` and returns the subcommand.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { registerSandboxCommand } from "./sandbox_command.ts";
 *
 * const program = new Command("assessment-sms");
 * registerSandboxCommand(program);
 * await program.parseAsync(["sandbox", "--port", "0"], { from: "user" });
 * ```
 */
export function registerSandboxCommand(program: Command): Command {
  const command = program.command("sandbox")
    .description(
      "serve a local stand-in for the assessment API and the SMS gateway on 127.0.0.1",
    );
  addServerOptions(command);
  addFaultOptions(command);
  command.addHelpText("after", HELP_AFTER);

  command.action(async (flags: SandboxFlags) => {
    const options = optionsOrFail(command, flags);
    const sandbox = await startOrFail(command, options);
    printBanner(sandbox, options);
    await waitForStopSignal();
    await sandbox.shutdown();
  });

  return command;
}

function addServerOptions(command: Command): void {
  command
    .option(
      "--port <n>",
      "port on 127.0.0.1, 0 for a free one",
      integerIn(0, 65535),
      DEFAULT_SANDBOX_PORT,
    )
    .option(
      "--assessment-token <token>",
      'bearer token of the assessment API (default: "sandbox-assessment-token")',
      nonEmpty,
    )
    .option(
      "--sms-key <key>",
      'X-Api-Key of the SMS gateway (default: "sandbox-sms-key")',
      nonEmpty,
    )
    .option(
      "--ignore-idempotency-keys",
      "process repeated Idempotency-Key requests anew and count them",
    )
    .option(
      "--seed <n>",
      "seed of the fault and jitter generator, for repeatable runs",
      integerIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    );
}

function addFaultOptions(command: Command): void {
  const share = numberIn(0, 1);

  command
    .option(
      "--faults-on <api>",
      "API the fault flags apply to: assessment, sms or both",
      faultTarget,
      "both",
    )
    .option(
      "--latency-ms <ms>",
      "delay before each response, in milliseconds",
      numberIn(0, MAX_LATENCY_MS),
    )
    .option(
      "--jitter-ms <ms>",
      "uniform plus or minus spread of the delay, in milliseconds",
      numberIn(0, MAX_LATENCY_MS),
    )
    .option(
      "--error-rate <share>",
      "share of requests that get --error-status",
      share,
    )
    .option(
      "--error-status <status>",
      "status of injected server errors: 500 or 503 (default: 500)",
      errorStatus,
    )
    .option(
      "--rate-limit-rate <share>",
      "share of requests that get 429",
      share,
    )
    .option(
      "--retry-after-seconds <s>",
      "Retry-After of injected 429 responses, in seconds (default: 1)",
      integerIn(0, MAX_RETRY_AFTER_SECONDS),
    )
    .option(
      "--drop-rate <share>",
      "share of requests closed with no response",
      share,
    )
    .option(
      "--hang-rate <share>",
      "share of requests that never get a response",
      share,
    )
    .option(
      "--lose-response-rate <share>",
      "share processed, then closed with no response",
      share,
    )
    .option(
      "--error-body-rate <share>",
      "share of SMS requests that get 200 with an error in the body",
      share,
    )
    .option(
      "--fail-first <n>",
      "number of first requests that get --error-status",
      integerIn(0, MAX_FAIL_FIRST),
    )
    .option(
      "--blacklist <numbers>",
      "comma-separated E.164 numbers the SMS gateway rejects with 400",
      numberList,
    );
}

/**
 * Turns parsed flags into sandbox options.
 *
 * @throws {Error} when an SMS-only fault flag is combined with
 * `--faults-on assessment`.
 */
export function sandboxOptionsFromFlags(flags: SandboxFlags): SandboxOptions {
  const shared: FaultSettings = {};
  for (const name of FAULT_FLAG_NAMES) {
    const value = flags[name];
    if (value !== undefined) Object.assign(shared, { [name]: value });
  }

  const smsOnly: FaultSettings = {};
  if (flags.errorBodyRate !== undefined) {
    smsOnly.errorBodyRate = flags.errorBodyRate;
  }
  if (flags.blacklist !== undefined) smsOnly.blacklist = flags.blacklist;

  const options: SandboxOptions = {
    port: flags.port,
    faults: faultsFor(flags.faultsOn, shared, smsOnly),
    ignoreIdempotencyKeys: flags.ignoreIdempotencyKeys ?? false,
  };
  if (flags.seed !== undefined) options.seed = flags.seed;
  if (flags.assessmentToken !== undefined) {
    options.assessmentToken = flags.assessmentToken;
  }
  if (flags.smsKey !== undefined) options.smsKey = flags.smsKey;
  return options;
}

function faultsFor(
  target: FaultTarget,
  shared: FaultSettings,
  smsOnly: FaultSettings,
): SandboxFaults {
  if (target === "assessment") {
    const given = Object.keys(smsOnly) as (keyof typeof SMS_ONLY_FLAGS)[];
    if (given[0] !== undefined) {
      throw new Error(
        `Invalid flags: ${
          SMS_ONLY_FLAGS[given[0]]
        } applies to the SMS gateway only, so drop it or use --faults-on sms or both`,
      );
    }

    return { assessment: shared };
  }

  const sms = { ...shared, ...smsOnly };
  return target === "sms" ? { sms } : { assessment: shared, sms };
}

function optionsOrFail(command: Command, flags: SandboxFlags): SandboxOptions {
  try {
    return sandboxOptionsFromFlags(flags);
  } catch (error) {
    return command.error(`error: ${messageOf(error)}`, { exitCode: 2 });
  }
}

async function startOrFail(
  command: Command,
  options: SandboxOptions,
): Promise<Sandbox> {
  const { startSandbox } = await import("../sandbox/mod.ts");

  try {
    return await startSandbox(options);
  } catch (error) {
    const port = options.port ?? DEFAULT_SANDBOX_PORT;
    const hint = isAddressInUse(error)
      ? `: port ${port} is in use, pass another --port or --port 0 for a free one`
      : `: ${messageOf(error)}`;
    return command.error(`error: Cannot start the sandbox${hint}`, {
      exitCode: 2,
    });
  }
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error &&
    ((error as { code?: unknown }).code === "EADDRINUSE" ||
      error instanceof Deno.errors.AddrInUse);
}

function printBanner(sandbox: Sandbox, options: SandboxOptions): void {
  const faults = sandbox.faults();
  const lines = [
    `Sandbox listening on ${sandbox.url}`,
    `Assessment API: POST ${sandbox.url}/api/assessments` +
    ` (Authorization: Bearer ${
      options.assessmentToken ?? "sandbox-assessment-token"
    })`,
    `SMS gateway:    POST ${sandbox.url}/sms/send` +
    ` (X-Api-Key: ${options.smsKey ?? "sandbox-sms-key"})`,
    `SMS outbox:     GET  ${sandbox.url}/sms/outbox`,
    `Faults:         ${describeFaults(faults)}`,
    "Press Ctrl-C to stop.",
  ];
  console.log(lines.join("\n"));
}

function describeFaults(faults: SandboxFaults): string {
  const parts: string[] = [];

  for (const [api, settings] of Object.entries(faults)) {
    const active = Object.entries(settings as Record<string, unknown>)
      .filter(([name, value]) => isActive(name, value))
      .map(([name, value]) => `${name}=${String(value)}`);
    if (active.length > 0) parts.push(`${api} ${active.join(" ")}`);
  }

  return parts.length === 0 ? "none" : parts.join("; ");
}

function isActive(name: string, value: unknown): boolean {
  if (name === "errorStatus" || name === "retryAfterSeconds") return false;
  if (Array.isArray(value)) return value.length > 0;
  return value !== 0;
}

/** Resolves on the first SIGINT or SIGTERM, then removes the listeners. */
function waitForStopSignal(): Promise<void> {
  // Deno listens for SIGTERM on Windows too since 2.7.6 (its OS signals guide).
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];

  return new Promise((resolve) => {
    const stop = () => {
      for (const signal of signals) Deno.removeSignalListener(signal, stop);
      resolve();
    };
    for (const signal of signals) Deno.addSignalListener(signal, stop);
  });
}

function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value.trim());
    if (/^-?\d+$/.test(value.trim()) && number >= min && number <= max) {
      return number;
    }

    throw new InvalidArgumentError(
      `"${value}" must be a whole number from ${min} to ${max}`,
    );
  };
}

function numberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value.trim());
    if (value.trim() !== "" && number >= min && number <= max) return number;

    throw new InvalidArgumentError(
      `"${value}" must be a number from ${min} to ${max}`,
    );
  };
}

function errorStatus(value: string): 500 | 503 {
  const status = Number(value.trim());
  if (status === 500 || status === 503) return status;

  throw new InvalidArgumentError(`"${value}" must be 500 or 503`);
}

function faultTarget(value: string): FaultTarget {
  if (value === "assessment" || value === "sms" || value === "both") {
    return value;
  }

  throw new InvalidArgumentError(
    `"${value}" must be assessment, sms or both`,
  );
}

function numberList(value: string): string[] {
  const numbers = value.split(",").map((part) => part.trim()).filter((part) =>
    part !== ""
  );
  const invalid = numbers.find((number) => !isE164(number));
  if (numbers.length > 0 && invalid === undefined) return numbers;

  throw new InvalidArgumentError(
    `"${value}" must be comma-separated E.164 numbers such as +97699112233,+97688001122`,
  );
}

function nonEmpty(value: string): string {
  if (value.trim() !== "") return value;
  throw new InvalidArgumentError(`"${value}" must be a non-empty string`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
