import assert from "node:assert/strict";
import { configFor } from "./send_harness.ts";
import { startSandbox } from "../../src/sandbox/mod.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function runDeno(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<ProcessRun> {
  const result = await new Deno.Command("deno", {
    args,
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
  };
}

async function tempWorld(configText: string) {
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-perm-" });
  await Deno.writeTextFile(`${dir}/config.yml`, configText);
  await Deno.writeTextFile(`${dir}/numbers.txt`, "99112233\n88112233\n");
  return dir;
}

Deno.test("send runs under the narrow flags only", async () => {
  const sandbox = await startSandbox({ port: 0 });
  const dir = await tempWorld(configFor("").replaceAll("{url}", sandbox.url));
  try {
    const run = await runDeno([
      "run",
      "--no-prompt",
      `--allow-net=127.0.0.1:${sandbox.port}`,
      "--allow-read=config.yml,numbers.txt,reports",
      "--allow-write=reports",
      MAIN,
      "send",
      "numbers.txt",
      "--config",
      "config.yml",
    ], { cwd: dir });

    assert.equal(run.code, 0, run.stderr);
    assert.equal(sandbox.outbox().length, 2);
  } finally {
    await sandbox.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("send without net permission names the flag", async () => {
  const dir = await tempWorld(
    configFor("").replaceAll("{url}", "http://127.0.0.1:9"),
  );
  try {
    const run = await runDeno([
      "run",
      "--no-prompt",
      "--allow-read",
      "--allow-write=reports",
      MAIN,
      "send",
      "numbers.txt",
      "--config",
      "config.yml",
    ], { cwd: dir });

    assert.equal(run.code, 2);
    assert.equal(
      run.stderr.trim(),
      "Error: Missing permission: run Deno with --allow-net=127.0.0.1:9",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("send without env permission names the variable", async () => {
  const config = configFor("").replaceAll("{url}", "http://127.0.0.1:9")
    .replace("X-Api-Key: sandbox-sms-key", "X-Api-Key: ${SMS_KEY}");
  const dir = await tempWorld(config);
  try {
    const run = await runDeno([
      "run",
      "--no-prompt",
      "--allow-read",
      "--allow-write=reports",
      "--allow-net=127.0.0.1:9",
      MAIN,
      "send",
      "numbers.txt",
      "--config",
      "config.yml",
    ], { cwd: dir, env: { SMS_KEY: "k-123456789" } });

    assert.equal(run.code, 2);
    assert.match(run.stderr, /add --allow-env=SMS_KEY/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("send refuses plain HTTP to a remote host", async () => {
  const config = configFor("").replaceAll("{url}", "http://api.example.mn");
  const dir = await tempWorld(config);
  try {
    const run = await runDeno([
      "run",
      "--no-prompt",
      "--allow-read",
      "--allow-write=reports",
      MAIN,
      "send",
      "numbers.txt",
      "--config",
      "config.yml",
    ], { cwd: dir });

    assert.equal(run.code, 2);
    assert.match(run.stderr, /assessment_api\.url/);
    assert.match(run.stderr, /--insecure-http/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("permissions prints the run line for a config", async () => {
  const config = configFor("").replaceAll("{url}", "http://127.0.0.1:8787")
    .replace("X-Api-Key: sandbox-sms-key", "X-Api-Key: ${SMS_KEY}");
  const dir = await tempWorld(config);
  try {
    const run = await runDeno([
      "run",
      "--no-prompt",
      "--allow-read",
      "--allow-env=SMS_KEY",
      MAIN,
      "permissions",
      "--config",
      "config.yml",
      "--input",
      "numbers.txt",
    ], { cwd: dir, env: { SMS_KEY: "k-123456789" } });

    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout.trim(),
      "deno run --no-prompt --v8-flags=--max-heap-size=192 " +
        "--allow-net=127.0.0.1:8787 " +
        "--allow-read=config.yml,numbers.txt,reports --allow-write=reports " +
        "--allow-env=SMS_KEY main.ts send numbers.txt --config config.yml",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
