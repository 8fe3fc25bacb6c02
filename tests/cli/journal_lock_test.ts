/**
 * Journal lock tests: a second `send` process on a journal in use exits at
 * once, naming the process that holds it, and leaves the first run alone.
 *
 * @module
 */
import assert from "node:assert/strict";
import { configFor, mobileNumbers } from "./send_harness.ts";
import { readJournalLines, runSend, spawnSend } from "./send_process.ts";
import { startSandbox } from "../../src/sandbox/mod.ts";

const CHILD_TIMEOUT_MS = 20_000;

Deno.test("second process on a held journal exits 2", async () => {
  const count = 60;
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-lock-" });
  const latency = { latencyMs: 20, jitterMs: 5 };
  await using sandbox = {
    value: await startSandbox({
      port: 0,
      faults: { assessment: latency, sms: latency },
    }),
    async [Symbol.asyncDispose]() {
      await this.value.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
  const config = `${dir}/config.yml`;
  await Deno.writeTextFile(
    config,
    configFor("max_concurrent: 2").replaceAll("{url}", sandbox.value.url),
  );
  const input = `${dir}/numbers.txt`;
  await Deno.writeTextFile(input, mobileNumbers(count).join("\n") + "\n");
  const journal = `${dir}/run.journal.jsonl`;
  const common = [
    input,
    "--config",
    config,
    "--report-dir",
    `${dir}/reports`,
    "--quiet",
  ];
  const options = { dir, port: sandbox.value.port };

  await using first = spawnSend([...common, "--journal", journal], options);
  const opened = await first.waitForStderr("Journal:", CHILD_TIMEOUT_MS);
  assert.ok(opened, first.stderr());

  const secondStart = Date.now();
  const resumed = await runSend([...common, "--resume", journal], options);
  const sameJournal = await runSend(
    [...common, "--journal", journal],
    options,
  );
  const secondMs = Date.now() - secondStart;
  const firstStillRunning = !first.hasExited();

  for (const second of [resumed, sameJournal]) {
    assert.equal(second.code, 2, second.stderr);
    assert.ok(
      second.stderr.includes(`process ${first.pid}`),
      `stderr does not name PID ${first.pid}: ${second.stderr}`,
    );
    assert.match(second.stderr, /is in use by/);
  }
  assert.ok(
    firstStillRunning,
    `the first run ended before both refusals (${secondMs} ms)`,
  );

  const done = await first.result();
  assert.equal(done.code, 0, done.stderr);
  const outbox = sandbox.value.outbox().map((sms) => sms.to);
  assert.equal(outbox.length, count);
  assert.equal(new Set(outbox).size, count);

  const lines = await readJournalLines(journal);
  assert.equal(
    lines.filter((line) => line.type === "resume").length,
    0,
    "the refused process wrote to the journal",
  );
  assert.equal(lines.filter((line) => line.type === "run").length, 1);

  // The lock ends with the run that held it.
  const after = await runSend([...common, "--resume", journal], options);
  assert.equal(after.code, 0, after.stderr);
  assert.equal(sandbox.value.outbox().length, count);
});
