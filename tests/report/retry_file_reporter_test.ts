import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { InputFormat } from "../../src/input/format.ts";
import type { RecipientStatus } from "../../src/pipeline/outcome.ts";
import {
  needsRetry,
  RetryFileReporter,
} from "../../src/report/retry_file_reporter.ts";
import {
  listNames,
  makeRecord,
  makeSummary,
  permissionBits,
  sentRecord,
} from "./fixtures.ts";

const TEXT: InputFormat = { kind: "text" };

const CSV: InputFormat = {
  kind: "csv",
  header: ["утас", "name", "note"],
  headerText: ["Утас", "Name", "Note"],
  delimiter: ";",
  phoneColumn: "утас",
};

Deno.test("needsRetry selects failed, unknown and not attempted", () => {
  const cases: [RecipientStatus, boolean][] = [
    ["sent", false],
    ["skipped", false],
    ["unknown", true],
    ["not_attempted", true],
  ];
  for (const [status, expected] of cases) {
    const record = makeRecord({ status });
    assert.equal(needsRetry(record), expected, status);
  }
  const validation = makeRecord({ status: "failed", stage: "validation" });
  assert.equal(needsRetry(validation), false);
  const sms = makeRecord({ status: "failed", stage: "sms" });
  assert.equal(needsRetry(sms), true);
  const assessment = makeRecord({ status: "failed", stage: "assessment" });
  assert.equal(needsRetry(assessment), true);
});

Deno.test("RetryFileReporter writes a text retry file", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.retry.txt");

  const reporter = await RetryFileReporter.open(path, {
    runId: "r-1",
    inputFormat: TEXT,
  });
  await reporter.write(sentRecord());
  await reporter.write(makeRecord({
    line: 3,
    phone: "+97699112234",
    status: "failed",
    stage: "sms",
  }));
  await reporter.write(makeRecord({
    line: 4,
    input: "9911 2235",
    status: "not_attempted",
    reason: "stopped",
  }));
  await reporter.write(makeRecord({
    line: 5,
    input: "7011 2233",
    status: "failed",
    stage: "validation",
  }));
  await reporter.write(makeRecord({
    line: 6,
    phone: "+97699112236",
    status: "unknown",
    stage: "sms",
  }));
  await reporter.finish(makeSummary());

  assert.equal(reporter.path, path);
  assert.equal(
    await Deno.readTextFile(path),
    "# Recipients to retry from run r-1. Resuming its journal\n" +
      "# with --resume is safer: it keeps the idempotency keys.\n" +
      "+97699112234\n9911 2235\n" +
      "+97699112236  # outcome unknown: it may have been sent\n",
  );
  assert.equal(await permissionBits(path), 0o600);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("RetryFileReporter writes a CSV retry file", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.retry.csv");

  const reporter = await RetryFileReporter.open(path, {
    runId: "r-1",
    inputFormat: CSV,
  });
  await reporter.write(makeRecord({
    line: 2,
    input: "+976 9911-2233",
    phone: "+97699112233",
    status: "unknown",
    stage: "sms",
    fields: { "утас": "+976 9911-2233", name: "Бат; Болд", note: 'say "hi"' },
  }));
  await reporter.write(makeRecord({
    line: 3,
    input: "99112234",
    status: "not_attempted",
    fields: { name: "Сараа" },
  }));
  await reporter.finish(makeSummary());

  const text = await Deno.readTextFile(path);
  assert.equal(
    text,
    '\uFEFFУтас;Name;Note\r\n+976 9911-2233;"Бат; Болд";"say ""hi"""\r\n' +
      "99112234;Сараа;\r\n",
  );
  const rows: string[][] = parse(text, { delimiter: ";", bom: true });
  assert.deepEqual(rows, [
    ["Утас", "Name", "Note"],
    ["+976 9911-2233", "Бат; Болд", 'say "hi"'],
    ["99112234", "Сараа", ""],
  ]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("RetryFileReporter writes no file when all were sent", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.retry.txt");

  const reporter = await RetryFileReporter.open(path, {
    runId: "r-1",
    inputFormat: TEXT,
  });
  await reporter.write(sentRecord());
  await reporter.write(makeRecord({ status: "skipped", reason: "duplicate" }));
  await reporter.finish(makeSummary());

  assert.equal(reporter.path, undefined);
  assert.deepEqual(await listNames(directory), []);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("RetryFileReporter removes a stale file", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.retry.txt");
  await Deno.writeTextFile(path, "+97699112234\n");

  const reporter = await RetryFileReporter.open(path, {
    runId: "r-1",
    inputFormat: TEXT,
  });
  await reporter.write(sentRecord());
  await reporter.finish(makeSummary());

  assert.equal(reporter.path, undefined);
  await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
  await Deno.remove(directory, { recursive: true });
});
