import assert from "node:assert/strict";
import { join } from "node:path";
import { JsonReporter } from "../../src/report/json_reporter.ts";
import { REPORT_COLUMNS } from "../../src/report/report_row.ts";
import {
  listNames,
  makeRecord,
  makeSummary,
  permissionBits,
  sentRecord,
} from "./fixtures.ts";

Deno.test("JsonReporter writes every record and the summary", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.json");

  const reporter = await JsonReporter.open(path);
  await reporter.write(sentRecord({ name: "Болд" }));
  await reporter.write(makeRecord({
    line: 3,
    input: "7011 2233",
    status: "failed",
    stage: "validation",
    reason: "not_mobile",
  }));
  await reporter.finish(makeSummary({
    total: 2,
    sent: 1,
    failed: 1,
    failedByStage: { validation: 1, assessment: 0, sms: 0 },
    journalPath: "journals/r-1.jsonl",
  }));

  const report = JSON.parse(await Deno.readTextFile(path));
  assert.equal(reporter.path, path);
  assert.deepEqual(Object.keys(report), ["records", "summary"]);
  assert.equal(report.records.length, 2);
  assert.deepEqual(Object.keys(report.records[0]), [...REPORT_COLUMNS]);
  assert.deepEqual(report.records[0], {
    line: 2,
    input: "99112233",
    phone: "+97699112233",
    name: "Болд",
    status: "sent",
    stage: "sms",
    reason: null,
    assessment_id: "A-1",
    link: "http://127.0.0.1:8787/a/Xy12abcdEFgh",
    expires_at: "2030-01-08T00:00:00Z",
    message_id: "M-1",
    segments: 1,
    attempts: 2,
    error_type: null,
    error_message: null,
    http_status: null,
  });
  assert.equal(report.records[1].phone, null);
  assert.equal(report.records[1].reason, "not_mobile");
  assert.deepEqual(report.summary, {
    run_id: "r-1",
    started_at: "2030-01-01T10:00:00.000Z",
    ended_at: "2030-01-01T10:00:01.500Z",
    duration_ms: 1500,
    dry_run: false,
    counts: {
      total: 2,
      sent: 1,
      failed: 1,
      unknown: 0,
      skipped: 0,
      not_attempted: 0,
    },
    skipped_by_reason: {},
    failed_by_stage: { validation: 1, assessment: 0, sms: 0 },
    stopped_reason: null,
    journal: "journals/r-1.jsonl",
  });
  assert.equal(await permissionBits(path), 0o600);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("JsonReporter without records is valid JSON", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.json");

  const reporter = await JsonReporter.open(path);
  await reporter.finish(makeSummary({ stoppedReason: "interrupted" }));

  const report = JSON.parse(await Deno.readTextFile(path));
  assert.deepEqual(report.records, []);
  assert.equal(report.summary.stopped_reason, "interrupted");
  await Deno.remove(directory, { recursive: true });
});

Deno.test("JsonReporter dispose before finish leaves nothing", async () => {
  const directory = await Deno.makeTempDir();

  {
    await using reporter = await JsonReporter.open(join(directory, "r.json"));
    await reporter.write(sentRecord());
  }

  assert.deepEqual(await listNames(directory), []);
  await Deno.remove(directory, { recursive: true });
});
