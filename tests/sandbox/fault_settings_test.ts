import assert from "node:assert/strict";
import { normalizeFaultSettings } from "../../src/sandbox/fault_settings.ts";
import { FaultInjector } from "../../src/sandbox/faults.ts";
import { RequestLog } from "../../src/sandbox/request_log.ts";

Deno.test("normalizeFaultSettings fills in defaults", () => {
  const settings = normalizeFaultSettings({ errorRate: 0.2 }, "sms");

  assert.equal(settings.errorRate, 0.2);
  assert.equal(settings.errorStatus, 500);
  assert.equal(settings.retryAfterSeconds, 1);
  assert.equal(settings.latencyMs, 0);
  assert.equal(settings.blacklist.size, 0);
});

Deno.test("normalizeFaultSettings rejects bad values", () => {
  const cases: [unknown, string][] = [
    [
      { errorRate: 1.5 },
      "Invalid sms fault setting errorRate: 1.5 must be a number from 0 to 1",
    ],
    [
      { latencyMs: -1 },
      "Invalid sms fault setting latencyMs: -1 must be a number from 0 to 600000",
    ],
    [
      { errorStatus: 502 },
      "Invalid sms fault setting errorStatus: 502 must be 500 or 503",
    ],
    [
      { failFirst: 1.5 },
      "Invalid sms fault setting failFirst: 1.5 must be a whole number from 0 to 1000000000",
    ],
    [
      { blacklist: ["99112233"] },
      'Invalid sms fault setting blacklist: "99112233" is not an E.164 number, write it like +97699112233',
    ],
    [
      { dropRat: 0.1 },
      'Invalid sms fault settings: unknown setting "dropRat", use one of errorRate, rateLimitRate, dropRate, hangRate, loseResponseRate, errorBodyRate, latencyMs, jitterMs, errorStatus, retryAfterSeconds, failFirst, blacklist',
    ],
    [
      { errorRate: 0.6, dropRate: 0.5 },
      "Invalid sms fault settings: the rates add up to 1.1, lower them so that their sum is at most 1",
    ],
  ];

  for (const [input, message] of cases) {
    assert.throws(() => normalizeFaultSettings(input, "sms"), { message });
  }
});

Deno.test("normalizeFaultSettings keeps SMS-only settings off assessments", () => {
  assert.throws(
    () => normalizeFaultSettings({ blacklist: [] }, "assessment"),
    {
      name: "RangeError",
      message:
        'Invalid assessment fault settings: "blacklist" applies to the sms API only, move it to the sms settings',
    },
  );
});

Deno.test("FaultInjector jitter stays within bounds and never negative", () => {
  const injector = new FaultInjector(3);
  injector.set(normalizeFaultSettings({ latencyMs: 10, jitterMs: 30 }, "sms"));
  const delays = Array.from({ length: 1000 }, () => injector.decide().delayMs);

  assert.ok(delays.every((delay) => delay >= 0 && delay <= 40));
  assert.ok(delays.some((delay) => delay === 0), "negative draws clamp to 0");
  assert.ok(delays.some((delay) => delay > 30));
});

Deno.test("FaultInjector counts failFirst from the last set", () => {
  const injector = new FaultInjector(3);
  injector.set(normalizeFaultSettings({ failFirst: 1 }, "sms"));
  const first = injector.decide().kind;
  const second = injector.decide().kind;
  injector.set(normalizeFaultSettings({ failFirst: 1 }, "sms"));
  const afterSet = injector.decide().kind;

  assert.equal(first, "failFirst");
  assert.equal(second, undefined);
  assert.equal(afterSet, "failFirst");
});

Deno.test("FaultInjector reset replays the same sequence", () => {
  const injector = new FaultInjector(11);
  const settings = normalizeFaultSettings({ dropRate: 0.5 }, "sms");
  injector.set(settings);
  const first = Array.from({ length: 50 }, () => injector.decide().kind);
  injector.reset();
  injector.set(settings);
  const second = Array.from({ length: 50 }, () => injector.decide().kind);

  assert.deepEqual(second, first);
  assert.ok(first.includes("drop"));
  assert.ok(first.includes(undefined));
});

Deno.test("RequestLog keeps only the most recent entries", () => {
  const log = new RequestLog(3);
  for (let index = 1; index <= 5; index += 1) {
    log.add({
      method: "POST",
      path: "/sms/send",
      endpoint: "sms",
      idempotencyKey: `key-${index}`,
      status: 200,
      outcome: "sent",
      at: new Date(0).toISOString(),
    });
  }

  const keys = log.entries().map((entry) => entry.idempotencyKey);
  assert.deepEqual(keys, ["key-3", "key-4", "key-5"]);
  log.clear();
  assert.equal(log.entries().length, 0);
});
