import assert from "node:assert/strict";
import { ConsoleReporter } from "../../src/report/console_reporter.ts";
import { formatDuration } from "../../src/report/console_text.ts";
import type { RecipientRecord } from "../../src/pipeline/outcome.ts";
import { LineSink, makeRecord, makeSummary, sentRecord } from "./fixtures.ts";

const MIXED_RECORDS: RecipientRecord[] = [
  sentRecord({ line: 2 }),
  makeRecord({
    line: 3,
    input: "7011 2233",
    status: "failed",
    stage: "validation",
    reason: "not_mobile",
  }),
  makeRecord({
    line: 4,
    input: "99112233",
    status: "skipped",
    reason: "duplicate",
  }),
  makeRecord({
    line: 5,
    phone: "+97699112244",
    status: "failed",
    stage: "sms",
    attempts: 1,
    errorType: "HttpError",
    errorMessage: "SMS API POST 127.0.0.1: 400 bad sender",
    httpStatus: 400,
  }),
  makeRecord({
    line: 6,
    phone: "+97699112255",
    status: "unknown",
    stage: "sms",
    attempts: 1,
    errorType: "TimeoutError",
    errorMessage: "SMS API POST 127.0.0.1: timed out after 10 s",
  }),
  makeRecord({
    line: 7,
    phone: "+97699112266",
    status: "failed",
    stage: "sms",
    attempts: 1,
    errorType: "HttpError",
    errorMessage: "SMS API POST 127.0.0.1: 400 bad sender",
    httpStatus: 400,
  }),
  makeRecord({
    line: 8,
    input: "88112233",
    status: "not_attempted",
    reason: "stopped",
  }),
];

const MIXED_SUMMARY = makeSummary({
  total: 7,
  sent: 1,
  failed: 3,
  unknown: 1,
  skipped: 1,
  notAttempted: 1,
  skippedByReason: { duplicate: 1 },
  failedByStage: { validation: 1, assessment: 0, sms: 3 },
  stoppedReason: "SMS API returned 401 three times",
  journalPath: "journals/r-1.jsonl",
});

async function report(
  options: { verbose?: boolean; quiet?: boolean; colors?: boolean },
): Promise<string[]> {
  const sink = new LineSink();
  const reporter = new ConsoleReporter(sink, {
    verbose: options.verbose ?? false,
    quiet: options.quiet ?? false,
    colors: options.colors ?? false,
  });
  for (const record of MIXED_RECORDS) await reporter.write(record);
  reporter.setWrittenFiles([
    { label: "report", path: "reports/r-1.json" },
    { label: "retry file", path: "reports/r-1.retry.txt" },
  ]);
  await reporter.finish(MIXED_SUMMARY);
  return sink.lines;
}

Deno.test("ConsoleReporter prints the summary of a mixed run", async () => {
  const lines = await report({});

  assert.deepEqual(lines, [
    "Run r-1 finished in 1.5 s",
    "",
    "  Total          7",
    "  Sent           1",
    "  Failed         3",
    "  Unknown        1",
    "  Skipped        1",
    "    duplicate    1",
    "  Not attempted  1",
    "",
    "Failures by stage",
    "  validation  1",
    "    1  not_mobile (line 3 70•••233)",
    "  sms  3",
    "    2  SMS API POST 127.0.0.1: 400 bad sender (line 5 +976 99•••244, " +
    "line 7 +976 99•••266)",
    "    1  SMS API POST 127.0.0.1: timed out after 10 s, outcome unknown " +
    "(line 6 +976 99•••255)",
    "",
    "Stopped early  SMS API returned 401 three times",
    "Journal        journals/r-1.jsonl",
    "Report         reports/r-1.json",
    "Retry file     reports/r-1.retry.txt",
  ]);
});

Deno.test("ConsoleReporter quiet mode prints one line", async () => {
  const lines = await report({ quiet: true, verbose: true });

  assert.deepEqual(lines, [
    "Run r-1: 7 total, 1 sent, 3 failed, 1 unknown, 1 skipped, " +
    "1 not attempted, 1.5 s, stopped early",
  ]);
});

Deno.test("ConsoleReporter verbose mode prints a line per record", async () => {
  const lines = await report({ verbose: true });

  assert.deepEqual(lines.slice(0, MIXED_RECORDS.length), [
    "line 2      +97699112233  sent          sms        attempts 2 " +
    "assessment A-1 link http://127.0.0.1:8787/a/Xy12abcdEFgh message M-1",
    "line 3      7011 2233     failed        validation reason not_mobile " +
    "attempts 0",
    "line 4      99112233      skipped       -          reason duplicate " +
    "attempts 0",
    "line 5      +97699112244  failed        sms        attempts 1 " +
    "error HttpError: SMS API POST 127.0.0.1: 400 bad sender",
    "line 6      +97699112255  unknown       sms        attempts 1 " +
    "error TimeoutError: SMS API POST 127.0.0.1: timed out after 10 s",
    "line 7      +97699112266  failed        sms        attempts 1 " +
    "error HttpError: SMS API POST 127.0.0.1: 400 bad sender",
    "line 8      88112233      not_attempted -          reason stopped " +
    "attempts 0",
  ]);
  assert.ok(
    lines.includes("    1  not_mobile (line 3 7011 2233)"),
  );
  assert.ok(
    lines.includes(
      "    1  SMS API POST 127.0.0.1: timed out after 10 s, outcome unknown " +
        "(line 6 +97699112255)",
    ),
  );
});

Deno.test("ConsoleReporter non-verbose mode hides full values", async () => {
  const text = (await report({})).join("\n");

  assert.equal(text.includes("+97699112244"), false);
  assert.equal(text.includes("7011 2233"), false);
  assert.equal(text.includes("Xy12abcdEFgh"), false);
});

Deno.test("ConsoleReporter colours only when enabled", async () => {
  const plain = (await report({ verbose: true })).join("\n");
  const coloured = await report({ verbose: true, colors: true });

  assert.equal(plain.includes("\x1b["), false);
  assert.ok(coloured.includes("\x1b[32m  Sent           1\x1b[39m"));
  assert.ok(coloured.includes("\x1b[31m  Failed         3\x1b[39m"));
  assert.ok(coloured.includes("\x1b[33m  Unknown        1\x1b[39m"));
  assert.ok(coloured.includes("\x1b[33m  Skipped        1\x1b[39m"));
  assert.ok(coloured.includes("  Total          7"));
});

Deno.test("ConsoleReporter shows more examples as a count", async () => {
  const sink = new LineSink();
  const reporter = new ConsoleReporter(sink, {
    verbose: false,
    quiet: false,
    colors: false,
  });
  for (let line = 2; line < 12; line++) {
    await reporter.write(makeRecord({
      line,
      input: `7011223${line % 10}`,
      status: "failed",
      stage: "validation",
      reason: "not_mobile",
    }));
  }
  await reporter.finish(makeSummary({ total: 10, failed: 10, dryRun: true }));

  assert.equal(sink.lines[0], "Dry run r-1 finished in 1.5 s");
  assert.ok(
    sink.lines.includes(
      "    10  not_mobile (line 2 70•••232, line 3 70•••233, " +
        "line 4 70•••234 and 7 more)",
    ),
  );
  assert.notEqual(sink.lines.at(-1), "");
});

Deno.test("formatDuration picks a readable unit", () => {
  const cases: [number, string][] = [
    [0, "0 ms"],
    [850, "850 ms"],
    [1500, "1.5 s"],
    [59_949, "59.9 s"],
    [185_000, "3 min 5 s"],
    [3_725_000, "1 h 2 min"],
  ];
  for (const [ms, expected] of cases) {
    assert.equal(formatDuration(ms), expected, String(ms));
  }
});
