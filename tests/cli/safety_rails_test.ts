import assert from "node:assert/strict";
import { configFor, openSendWorld } from "./send_harness.ts";
import {
  clockInUlaanbaatar,
  isQuietTime,
} from "../../src/pipeline/quiet_hours.ts";

function withSafety(safety: string): string {
  return configFor("") + `safety:\n${safety}\n`;
}

Deno.test("allowlist sends only to allowed numbers", async () => {
  await using world = await openSendWorld({
    configText: withSafety('  allowed_numbers: ["+97699", "88112233"]'),
  });
  const input = await world.writeInput("numbers.txt", [
    "99112233",
    "88112233",
    "95112233",
  ]);

  const run = await world.run([
    "send",
    input,
    "--config",
    world.configPath,
    "--report-dir",
    `${world.dir}/reports`,
  ]);

  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(
    world.sandbox.outbox().map((sms) => sms.to).sort(),
    ["+97688112233", "+97699112233"],
  );
  assert.match(run.stdout, /not in safety\.allowed_numbers/);
});

Deno.test("max_recipients refuses a bigger run", async () => {
  await using world = await openSendWorld({
    configText: withSafety("  max_recipients: 2"),
  });
  const input = await world.writeInput("numbers.txt", [
    "99112233",
    "88112233",
    "95112233",
  ]);
  const args = ["send", input, "--config", world.configPath];

  const refused = await world.run([...args, "--report-dir", world.dir]);

  assert.equal(refused.code, 2);
  assert.equal(
    refused.stderr,
    "Error: Too many recipients: the input has up to 3 numbers, more than " +
      "safety.max_recipients 2: split the file, or pass --max-recipients 3",
  );
  assert.equal(world.sandbox.requests().length, 0);

  const allowed = await world.run([
    ...args,
    "--report-dir",
    `${world.dir}/reports`,
    "--max-recipients",
    "3",
  ]);

  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(world.sandbox.outbox().length, 3);
});

Deno.test("quiet hours refuse to start unless overridden", async () => {
  const now = new Date();
  const hour = (offset: number) => {
    const clock = clockInUlaanbaatar(new Date(now.getTime() + offset));
    return JSON.stringify(clock);
  };
  const hours = `  quiet_hours: { start: ${hour(-3_600_000)}, end: ${
    hour(3_600_000)
  } }`;
  await using world = await openSendWorld({ configText: withSafety(hours) });
  const input = await world.writeInput("numbers.txt", ["99112233"]);
  const args = [
    "send",
    input,
    "--config",
    world.configPath,
    "--report-dir",
    `${world.dir}/reports`,
  ];

  const refused = await world.run(args);

  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /^Error: Quiet hours: it is \d\d:\d\d in Asia\/Ulaanbaatar/,
  );
  assert.match(refused.stderr, /--ignore-quiet-hours$/);
  assert.equal(world.sandbox.requests().length, 0);

  const allowed = await world.run([...args, "--ignore-quiet-hours"]);

  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(world.sandbox.outbox().length, 1);
});

Deno.test("isQuietTime reads Ulaanbaatar time across midnight", () => {
  const night = { start: "21:00", end: "09:00" };
  // Ulaanbaatar is UTC+8 all year.
  assert.equal(isQuietTime(night, new Date("2026-12-04T14:30:00Z")), true);
  assert.equal(isQuietTime(night, new Date("2026-12-04T00:59:00Z")), true);
  assert.equal(isQuietTime(night, new Date("2026-12-04T01:00:00Z")), false);
  assert.equal(isQuietTime(night, new Date("2026-12-04T12:59:00Z")), false);
  const lunch = { start: "12:00", end: "13:00" };
  assert.equal(isQuietTime(lunch, new Date("2026-12-04T04:30:00Z")), true);
  assert.equal(isQuietTime(lunch, new Date("2026-12-04T05:00:00Z")), false);
});
