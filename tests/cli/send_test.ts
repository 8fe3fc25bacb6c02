import assert from "node:assert/strict";
import { mobileNumbers, openSendWorld, sendArgs } from "./send_harness.ts";

Deno.test("send delivers one number", async () => {
  await using world = await openSendWorld();
  const input = await world.writeInput("one.txt", ["9911 2233"]);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 0, run.stderr);
  const outbox = world.sandbox.outbox();
  assert.equal(outbox.length, 1);
  assert.equal(outbox[0]!.to, "+97699112233");
  const report = await world.readReport(`${world.dir}/report.json`);
  assert.equal(report.records.length, 1);
  const record = report.records[0]!;
  assert.equal(record.status, "sent");
  assert.equal(record.phone, "+97699112233");
  assert.ok(record.link !== null);
  assert.ok(outbox[0]!.text.includes(record.link));
  const page = await fetch(record.link!);
  await page.body?.cancel();
  assert.equal(page.status, 200);
});

Deno.test("send delivers fifty numbers once each", async () => {
  await using world = await openSendWorld();
  const numbers = mobileNumbers(50);
  const input = await world.writeInput("fifty.txt", numbers);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 0, run.stderr);
  const recipients = world.sandbox.outbox().map((sms) => sms.to).sort();
  assert.deepEqual(recipients, numbers.map((n) => `+976${n}`).sort());
  assert.equal(world.sandbox.assessments().length, 50);
  const report = await world.readReport(`${world.dir}/report.json`);
  assert.equal(report.summary.counts.sent, 50);
});

Deno.test("send reports bad lines and sends the rest", async () => {
  await using world = await openSendWorld();
  const input = await world.writeInput("mixed.txt", [
    "# QA pool",
    "99112233",
    "70112233",
    "hello",
    "",
    "88112233",
    "+976 9911-2233",
  ]);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 1, run.stderr);
  assert.equal(world.sandbox.outbox().length, 2);
  const report = await world.readReport(`${world.dir}/report.json`);
  const byLine = new Map(report.records.map((r) => [r.line, r]));
  assert.equal(byLine.get(2)?.status, "sent");
  assert.equal(byLine.get(3)?.status, "failed");
  assert.equal(byLine.get(3)?.stage, "validation");
  assert.match(byLine.get(3)?.error_message ?? "", /fixed-line/i);
  assert.equal(byLine.get(4)?.status, "failed");
  assert.equal(byLine.get(6)?.status, "sent");
  assert.equal(byLine.get(7)?.status, "skipped");
  assert.equal(byLine.get(7)?.reason, "duplicate");
  assert.match(run.stdout, /line 3/);
});

Deno.test("send reports an SMS refused for one number", async () => {
  await using world = await openSendWorld({
    sandbox: { faults: { sms: { blacklist: ["+97688112233"] } } },
  });
  const input = await world.writeInput("three.txt", [
    "99112233",
    "88112233",
    "95112233",
  ]);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(
    world.sandbox.outbox().map((sms) => sms.to).sort(),
    ["+97695112233", "+97699112233"],
  );
  const report = await world.readReport(`${world.dir}/report.json`);
  const failed = report.records.filter((r) => r.status === "failed");
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.phone, "+97688112233");
  assert.equal(failed[0]!.stage, "sms");
  assert.equal(failed[0]!.http_status, 400);
  assert.match(failed[0]!.error_message ?? "", /Number is blacklisted/);
  assert.match(run.stdout, /Number is blacklisted/);
});

Deno.test("send retries a 503 until it clears", async () => {
  await using world = await openSendWorld({
    sandbox: { faults: { sms: { failFirst: 2, errorStatus: 503 } } },
  });
  const input = await world.writeInput("one.txt", ["99112233"]);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 0, run.stderr);
  assert.equal(world.sandbox.outbox().length, 1);
  const report = await world.readReport(`${world.dir}/report.json`);
  assert.equal(report.records[0]!.status, "sent");
  // One assessment attempt and three SMS attempts.
  assert.equal(report.records[0]!.attempts, 4);
});

Deno.test("send with a bad config exits 2 and sends nothing", async () => {
  await using world = await openSendWorld({
    configText: `
assessment_api:
  url: "not a url"
  response: { link: data.link }
sms_api:
  url: "{url}/sms/send"
message_template: "Тест {lnk}"
assessment:
  respondent_id: 42
  type_ids: []
`,
  });
  const input = await world.writeInput("one.txt", ["99112233"]);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 2);
  assert.match(run.stderr, /assessment_api\.url: invalid URL/);
  assert.match(run.stderr, /assessment\.respondent_id: expected text/);
  assert.match(run.stderr, /assessment\.type_ids/);
  const stats = world.sandbox.stats();
  assert.equal(world.sandbox.outbox().length, 0);
  assert.equal(world.sandbox.assessments().length, 0);
  assert.equal(world.sandbox.requests().length, 0, JSON.stringify(stats));
});
