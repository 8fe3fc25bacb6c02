/**
 * `--resume` tests on journals left by earlier child processes: a torn last
 * line, a changed input or configuration, an existing `--journal`, and SMS
 * whose outcome is unknown.
 *
 * @module
 */
import assert from "node:assert/strict";
import { configFor, type JsonReport, mobileNumbers } from "./send_harness.ts";
import { readJournalLines, runSend } from "./send_process.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/mod.ts";
import type { SandboxOptions } from "../../src/sandbox/mod.ts";

interface ResumeWorld extends AsyncDisposable {
  dir: string;
  sandbox: Sandbox;
  config: string;
  journal: string;
  writeInput(name: string, lines: string[]): Promise<string>;
  /** Runs `send INPUT` with the config, reports in the folder and `args`. */
  send(input: string, report: string, args: string[]): ReturnType<
    typeof runSend
  >;
  readReport(report: string): Promise<JsonReport>;
}

async function openResumeWorld(
  sandboxOptions: SandboxOptions = {},
  configText: string = configFor(""),
): Promise<ResumeWorld> {
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-resume-" });
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions });
  const config = `${dir}/config.yml`;
  await Deno.writeTextFile(config, configText.replaceAll("{url}", sandbox.url));
  const reportPath = (report: string) => `${dir}/reports/${report}.json`;
  return {
    dir,
    sandbox,
    config,
    journal: `${dir}/run.journal.jsonl`,
    async writeInput(name, lines) {
      const path = `${dir}/${name}`;
      await Deno.writeTextFile(path, lines.join("\n") + "\n");
      return path;
    },
    send: (input, report, args) =>
      runSend([
        input,
        "--config",
        config,
        "--report-dir",
        `${dir}/reports`,
        "--output-format",
        "json",
        "--output-file",
        reportPath(report),
        "--quiet",
        ...args,
      ], { dir, port: sandbox.port }),
    async readReport(report) {
      return JSON.parse(await Deno.readTextFile(reportPath(report)));
    },
    async [Symbol.asyncDispose]() {
      await sandbox.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function statusesOf(report: JsonReport): string[] {
  return report.records.map((record) =>
    record.reason === null ? record.status : `${record.status}:${record.reason}`
  );
}

Deno.test("resume drops a torn last line and retries its step", async () => {
  await using world = await openResumeWorld();
  const numbers = mobileNumbers(20);
  const input = await world.writeInput("numbers.txt", numbers);
  const first = await world.send(input, "first", ["--journal", world.journal]);
  assert.equal(first.code, 0, first.stderr);

  // Rewrites the journal as a crash would have left it: the first ten
  // numbers done, the eleventh cut off while its SMS request was written.
  const text = await Deno.readTextFile(world.journal);
  const lines = text.split("\n").filter((line) => line !== "");
  const eleventh = `+976${numbers[10]}`;
  const tornJournal: string[] = [];
  for (const line of lines) {
    const record = JSON.parse(line);
    if (record.type === "sms_requested" && record.phone === eleventh) {
      tornJournal.push(line.slice(0, Math.floor(line.length / 2)));
      break;
    }
    tornJournal.push(line);
  }
  await Deno.writeTextFile(world.journal, tornJournal.join("\n"));
  const sentBefore = tornJournal.filter((line) => line.includes('"sms_sent"'));

  const resumed = await world.send(input, "resumed", [
    "--resume",
    world.journal,
  ]);

  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /last line was cut short/);
  const report = await world.readReport("resumed");
  assert.equal(report.summary.counts.skipped, sentBefore.length);
  assert.equal(report.summary.counts.sent, 20 - sentBefore.length);
  const journal = await Deno.readTextFile(world.journal);
  const journalLines = journal.split("\n");
  assert.equal(journalLines.pop(), "", "the journal ends with a newline");
  for (const line of journalLines) JSON.parse(line);
  const outbox = countBy(world.sandbox.outbox().map((sms) => sms.to));
  assert.equal(outbox.size, 20);
  assert.deepEqual([...outbox].filter(([, times]) => times > 1), []);
  assert.equal(world.sandbox.stats().replays.sms, 20 - sentBefore.length);
  assert.equal(world.sandbox.assessments().length, 20);
});

Deno.test("resume rejects a damaged line before the end", async () => {
  await using world = await openResumeWorld();
  const input = await world.writeInput("numbers.txt", mobileNumbers(3));
  const first = await world.send(input, "first", ["--journal", world.journal]);
  assert.equal(first.code, 0, first.stderr);
  const lines = (await Deno.readTextFile(world.journal)).split("\n");
  lines[2] = lines[2]!.slice(0, 10);
  await Deno.writeTextFile(world.journal, lines.join("\n"));

  const resumed = await world.send(input, "resumed", [
    "--resume",
    world.journal,
  ]);

  assert.equal(resumed.code, 2, resumed.stderr);
  assert.match(resumed.stderr, /line 3 is damaged/);
  assert.equal(world.sandbox.outbox().length, 3);
});

Deno.test("resume with another input exits 2 unless allowed", async () => {
  await using world = await openResumeWorld();
  const input = await world.writeInput("numbers.txt", mobileNumbers(5));
  const first = await world.send(input, "first", ["--journal", world.journal]);
  assert.equal(first.code, 0, first.stderr);
  const other = await world.writeInput("other.txt", mobileNumbers(8));
  const journalBefore = await Deno.readTextFile(world.journal);

  const refused = await world.send(other, "refused", [
    "--resume",
    world.journal,
  ]);

  assert.equal(refused.code, 2, refused.stderr);
  assert.ok(
    refused.stderr.includes(`input (was "${input}")`),
    refused.stderr,
  );
  assert.match(refused.stderr, /--allow-changes/);
  assert.equal(await Deno.readTextFile(world.journal), journalBefore);
  assert.equal(world.sandbox.outbox().length, 5);

  const allowed = await world.send(other, "allowed", [
    "--resume",
    world.journal,
    "--allow-changes",
  ]);

  assert.equal(allowed.code, 0, allowed.stderr);
  const report = await world.readReport("allowed");
  assert.deepEqual(statusesOf(report), [
    ...Array(5).fill("skipped:already_sent"),
    ...Array(3).fill("sent"),
  ]);
  const outbox = countBy(world.sandbox.outbox().map((sms) => sms.to));
  assert.equal(outbox.size, 8);
  assert.deepEqual([...outbox].filter(([, times]) => times > 1), []);
});

Deno.test("resume with another message template exits 2", async () => {
  await using world = await openResumeWorld();
  const input = await world.writeInput("numbers.txt", mobileNumbers(2));
  const first = await world.send(input, "first", ["--journal", world.journal]);
  assert.equal(first.code, 0, first.stderr);
  const config = await Deno.readTextFile(world.config);
  await Deno.writeTextFile(
    world.config,
    config.replace(
      'message_template: "Тест {link}"',
      'message_template: "Шинэ {link}"',
    ),
  );

  const refused = await world.send(input, "refused", [
    "--resume",
    world.journal,
  ]);

  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /configuration changed/);
  assert.equal(world.sandbox.outbox().length, 2);
});

Deno.test("--journal on an existing journal exits 2", async () => {
  await using world = await openResumeWorld();
  const input = await world.writeInput("numbers.txt", mobileNumbers(2));
  const first = await world.send(input, "first", ["--journal", world.journal]);
  assert.equal(first.code, 0, first.stderr);
  const journalBefore = await Deno.readTextFile(world.journal);

  const again = await world.send(input, "again", ["--journal", world.journal]);

  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /already exists/);
  assert.ok(again.stderr.includes(`--resume ${world.journal}`), again.stderr);
  assert.equal(await Deno.readTextFile(world.journal), journalBefore);
  assert.equal(world.sandbox.outbox().length, 2);
});

Deno.test("unknown SMS are resent only with --retry-unknown", async () => {
  const count = 5;
  await using world = await openResumeWorld(
    {
      ignoreIdempotencyKeys: true,
      faults: { sms: { loseResponseRate: 1 } },
    },
    configFor("").replaceAll(
      "honours_idempotency_key: true",
      "honours_idempotency_key: false",
    ),
  );
  const input = await world.writeInput("numbers.txt", mobileNumbers(count));

  const lost = await world.send(input, "lost", ["--journal", world.journal]);

  assert.equal(lost.code, 4, lost.stderr);
  assert.ok(lost.stderr.includes(`--resume ${world.journal}`), lost.stderr);
  const lostReport = await world.readReport("lost");
  assert.deepEqual(statusesOf(lostReport), Array(count).fill("unknown"));
  assert.equal(lostReport.summary.counts.unknown, count);
  assert.equal(
    world.sandbox.outbox().length,
    count,
    "each lost answer hides one accepted SMS",
  );

  world.sandbox.setFaults({});
  const withoutRetry = await world.send(input, "without-retry", [
    "--resume",
    world.journal,
  ]);

  assert.equal(withoutRetry.code, 4, withoutRetry.stderr);
  const withoutRetryReport = await world.readReport("without-retry");
  assert.deepEqual(
    statusesOf(withoutRetryReport),
    Array(count).fill("unknown"),
  );
  for (const record of withoutRetryReport.records) {
    assert.match(record.error_message ?? "", /--retry-unknown/);
  }
  assert.equal(world.sandbox.outbox().length, count, "nothing was resent");

  const retried = await world.send(input, "retried", [
    "--resume",
    world.journal,
    "--retry-unknown",
  ]);

  assert.equal(retried.code, 0, retried.stderr);
  const retriedReport = await world.readReport("retried");
  assert.deepEqual(statusesOf(retriedReport), Array(count).fill("sent"));
  const outbox = world.sandbox.outbox();
  assert.equal(outbox.length, 2 * count, "each unknown SMS was sent again");
  const byPhone = Map.groupBy(outbox, (sms) => sms.to);
  for (const [phone, messages] of byPhone) {
    assert.equal(messages.length, 2, phone);
    assert.equal(
      messages[0]!.idempotency_key,
      messages[1]!.idempotency_key,
      `${phone} was resent with another key`,
    );
  }
  assert.equal(world.sandbox.stats().duplicateKeys.sms, count);

  const lines = await readJournalLines(world.journal);
  assert.equal(
    lines.filter((line) => line.type === "sms_sent").length,
    count,
  );
});
