import assert from "node:assert/strict";
import { Command, CommanderError } from "commander";
import {
  registerSandboxCommand,
  sandboxOptionsFromFlags,
} from "../../src/cli/sandbox_command.ts";

/** Parses `args` with the sandbox command and returns the error output. */
async function parseError(args: string[]): Promise<string> {
  let stderr = "";
  const program = new Command("assessment-sms")
    .exitOverride()
    .configureOutput({
      writeOut: () => {},
      writeErr: (text) => {
        stderr += text;
      },
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  registerSandboxCommand(program);

  await assert.rejects(
    program.parseAsync(["sandbox", ...args], { from: "user" }),
    CommanderError,
  );
  return stderr.trim();
}

Deno.test("sandbox flags reject out-of-range values", async () => {
  const cases: [string[], string][] = [
    [
      ["--error-rate", "1.5"],
      `error: option '--error-rate <share>' argument '1.5' is invalid. "1.5" must be a number from 0 to 1`,
    ],
    [
      ["--port", "70000"],
      `error: option '--port <n>' argument '70000' is invalid. "70000" must be a whole number from 0 to 65535`,
    ],
    [
      ["--error-status", "502"],
      `error: option '--error-status <status>' argument '502' is invalid. "502" must be 500 or 503`,
    ],
    [
      ["--faults-on", "all"],
      `error: option '--faults-on <api>' argument 'all' is invalid. "all" must be assessment, sms or both`,
    ],
    [
      ["--blacklist", "+97699112233,123"],
      `error: option '--blacklist <numbers>' argument '+97699112233,123' is invalid. "+97699112233,123" must be comma-separated E.164 numbers such as +97699112233,+97688001122`,
    ],
  ];

  for (const [args, message] of cases) {
    assert.equal(await parseError(args), message);
  }
});

Deno.test("sandbox flags reject SMS-only faults on assessments", async () => {
  const message = await parseError([
    "--port",
    "0",
    "--faults-on",
    "assessment",
    "--error-body-rate",
    "0.1",
  ]);

  assert.equal(
    message,
    "error: Invalid flags: --error-body-rate applies to the SMS gateway only, so drop it or use --faults-on sms or both",
  );
});

Deno.test("sandbox flags with too high rates fail to start", async () => {
  const message = await parseError([
    "--port",
    "0",
    "--error-rate",
    "0.7",
    "--hang-rate",
    "0.7",
  ]);

  assert.equal(
    message,
    "error: Cannot start the sandbox: Invalid assessment fault settings: the rates add up to 1.4, lower them so that their sum is at most 1",
  );
});

Deno.test("sandboxOptionsFromFlags applies faults to both APIs", () => {
  const options = sandboxOptionsFromFlags({
    port: 0,
    faultsOn: "both",
    latencyMs: 20,
    blacklist: ["+97699112233"],
    seed: 5,
    smsKey: "key",
  });

  assert.deepEqual(options, {
    port: 0,
    faults: {
      assessment: { latencyMs: 20 },
      sms: { latencyMs: 20, blacklist: ["+97699112233"] },
    },
    ignoreIdempotencyKeys: false,
    seed: 5,
    smsKey: "key",
  });
});

Deno.test("sandboxOptionsFromFlags limits faults to one API", () => {
  const options = sandboxOptionsFromFlags({
    port: 8787,
    faultsOn: "sms",
    errorRate: 0.5,
    errorStatus: 503,
    ignoreIdempotencyKeys: true,
  });

  assert.deepEqual(options, {
    port: 8787,
    faults: { sms: { errorRate: 0.5, errorStatus: 503 } },
    ignoreIdempotencyKeys: true,
  });
});
