/**
 * Ctrl-C tests: `send` runs as a child process that gets SIGINT or SIGTERM
 * mid-run, then is resumed from its journal.
 *
 * @module
 */
import assert from "node:assert/strict";
import { configFor, type JsonReport, mobileNumbers } from "./send_harness.ts";
import {
  readJournalLines,
  runSend,
  spawnSend,
  waitForJournal,
} from "./send_process.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/mod.ts";
import type { SandboxFaults } from "../../src/sandbox/mod.ts";

const CHILD_TIMEOUT_MS = 20_000;

interface SignalWorld extends AsyncDisposable {
  dir: string;
  sandbox: Sandbox;
  input: string;
  journal: string;
  /** `send` arguments shared by every run, without the journal flags. */
  args(reportName: string): string[];
}

async function openSignalWorld(
  count: number,
  options: { faults: SandboxFaults; processing: string },
): Promise<SignalWorld> {
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-signal-" });
  const sandbox = await startSandbox({ port: 0, faults: options.faults });
  const config = `${dir}/config.yml`;
  await Deno.writeTextFile(
    config,
    configFor(options.processing).replaceAll("{url}", sandbox.url),
  );
  const input = `${dir}/numbers.txt`;
  await Deno.writeTextFile(input, mobileNumbers(count).join("\n") + "\n");
  return {
    dir,
    sandbox,
    input,
    journal: `${dir}/run.journal.jsonl`,
    args: (reportName) => [
      input,
      "--config",
      config,
      "--report-dir",
      `${dir}/reports`,
      "--output-format",
      "json",
      "--output-file",
      `${dir}/reports/${reportName}.json`,
      "--quiet",
    ],
    async [Symbol.asyncDispose]() {
      await sandbox.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function readReport(world: SignalWorld, name: string) {
  const text = await Deno.readTextFile(`${world.dir}/reports/${name}.json`);
  return JSON.parse(text) as JsonReport;
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function interruptOnceAndResume(signal: "SIGINT" | "SIGTERM") {
  const count = 200;
  const latency = { latencyMs: 10, jitterMs: 5 };
  await using world = await openSignalWorld(count, {
    faults: { assessment: latency, sms: latency },
    processing: "max_concurrent: 4",
  });
  const options = { dir: world.dir, port: world.sandbox.port };

  await using child = spawnSend(
    [...world.args("interrupted"), "--journal", world.journal],
    options,
  );
  const midRun = await waitForJournal(
    world.journal,
    { type: "sms_sent", count: 20 },
    { process: child, timeoutMs: CHILD_TIMEOUT_MS },
  );
  assert.ok(midRun, `no SMS sent before the timeout:\n${child.stderr()}`);
  child.kill(signal);
  const interrupted = await child.result();

  assert.equal(interrupted.code, 130, interrupted.stderr);
  assert.match(interrupted.stderr, /Stopping: no new recipients are started/);
  assert.ok(
    interrupted.stderr.includes(`--resume ${world.journal}`),
    interrupted.stderr,
  );

  const report = await readReport(world, "interrupted");
  const outboxAfterStop = world.sandbox.outbox();
  const sentPhones = report.records.filter((record) => record.status === "sent")
    .map((record) => record.phone);
  const statuses = countBy(report.records.map((record) => record.status));
  assert.equal(report.records.length, count, "one record per input line");
  assert.deepEqual(
    [...statuses.keys()].sort(),
    ["not_attempted", "sent"],
    "an interrupt leaves every recipient sent or not attempted",
  );
  assert.ok((statuses.get("not_attempted") ?? 0) > 0, "stopped mid-run");
  for (const record of report.records) {
    if (record.status === "not_attempted") {
      assert.equal(record.reason, "interrupted");
    }
  }
  assert.deepEqual(
    [...sentPhones].sort(),
    outboxAfterStop.map((sms) => sms.to).sort(),
    "the report's sent records are exactly the outbox",
  );
  assert.equal(report.summary.counts.sent, sentPhones.length);
  assert.equal(
    report.summary.counts.not_attempted,
    count - sentPhones.length,
  );

  const lines = await readJournalLines(world.journal);
  const requested = lines.filter((line) => line.type === "sms_requested");
  const confirmed = lines.filter((line) => line.type === "sms_sent");
  assert.equal(
    requested.length,
    confirmed.length,
    "every SMS in flight at the interrupt finished",
  );

  const resumed = await runSend(
    [...world.args("resumed"), "--resume", world.journal],
    options,
  );
  assert.equal(resumed.code, 0, resumed.stderr);
  const resumedReport = await readReport(world, "resumed");
  assert.equal(
    resumedReport.summary.counts.sent,
    count - sentPhones.length,
  );
  assert.equal(resumedReport.summary.counts.skipped, sentPhones.length);

  const outbox = countBy(world.sandbox.outbox().map((sms) => sms.to));
  assert.equal(outbox.size, count, "every number got an SMS");
  assert.deepEqual(
    [...outbox].filter(([, times]) => times > 1),
    [],
    "no number got two SMS",
  );
  assert.equal(world.sandbox.assessments().length, count);
}

Deno.test("first SIGINT finishes in-flight recipients and exits 130", () =>
  interruptOnceAndResume("SIGINT"));

Deno.test("SIGTERM finishes in-flight recipients and exits 130", () =>
  interruptOnceAndResume("SIGTERM"));

Deno.test("second SIGINT aborts at once and resume completes", async () => {
  const count = 6;
  const smsLatencyMs = 3_000;
  await using world = await openSignalWorld(count, {
    faults: { sms: { latencyMs: smsLatencyMs } },
    processing: "max_concurrent: 3",
  });
  const options = { dir: world.dir, port: world.sandbox.port };

  await using child = spawnSend(
    [...world.args("aborted"), "--journal", world.journal],
    options,
  );
  const deadline = Date.now() + CHILD_TIMEOUT_MS;
  while (world.sandbox.stats().requests.sms < 3) {
    assert.ok(Date.now() < deadline, `no SMS in flight:\n${child.stderr()}`);
    assert.ok(!child.hasExited(), child.stderr());
    await sleep(5);
  }
  // The first recipient runs alone, so it may be done by now.
  const inFlight = world.sandbox.stats().requests.sms -
    world.sandbox.outbox().length;
  child.kill("SIGINT");
  const stopping = await child.waitForStderr("Stopping:", CHILD_TIMEOUT_MS);
  assert.ok(stopping, child.stderr());
  const secondAt = Date.now();
  child.kill("SIGINT");
  const aborted = await child.result();
  const abortMs = Date.now() - secondAt;

  assert.equal(aborted.code, 130, aborted.stderr);
  assert.ok(
    abortMs < smsLatencyMs / 2,
    `the second SIGINT took ${abortMs} ms to end the run`,
  );
  assert.match(aborted.stderr, /Aborted: the journal is consistent/);
  assert.ok(aborted.stderr.includes(`--resume ${world.journal}`));

  // The aborted requests still reach the sandbox, which keeps their keys.
  await sleep(smsLatencyMs);
  world.sandbox.setFaults({});
  const resumed = await runSend(
    [...world.args("resumed"), "--resume", world.journal],
    options,
  );
  assert.equal(resumed.code, 0, resumed.stderr);
  const report = await readReport(world, "resumed");
  const alreadySent = report.summary.skipped_by_reason.already_sent ?? 0;
  assert.equal((report.summary.counts.sent ?? 0) + alreadySent, count);
  assert.equal(report.summary.counts.not_attempted, 0);

  const outbox = countBy(world.sandbox.outbox().map((sms) => sms.to));
  assert.equal(outbox.size, count, "every number got an SMS");
  assert.deepEqual(
    [...outbox].filter(([, times]) => times > 1),
    [],
    "no number got two SMS",
  );
  assert.equal(world.sandbox.stats().replays.sms, inFlight);
  assert.equal(world.sandbox.assessments().length, count);
});
