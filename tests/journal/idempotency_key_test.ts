import assert from "node:assert/strict";
import { idempotencyKey } from "../../src/journal/idempotency_key.ts";

const RUN = "20250310T080000-a1b2";
const PHONE = "+97699112233";

Deno.test("idempotencyKey is stable for the same inputs", async () => {
  const first = await idempotencyKey(RUN, PHONE, "sms");
  const second = await idempotencyKey(RUN, PHONE, "sms");

  assert.equal(first, second);
  assert.match(first, /^20250310T080000-a1b2-sms-[0-9a-f]{24}$/);
});

Deno.test("idempotencyKey differs per step, phone and run", async () => {
  const keys = await Promise.all([
    idempotencyKey(RUN, PHONE, "sms"),
    idempotencyKey(RUN, PHONE, "assessment"),
    idempotencyKey(RUN, "+97699112234", "sms"),
    idempotencyKey("20250310T080000-ffff", PHONE, "sms"),
  ]);

  assert.equal(new Set(keys).size, keys.length);
  assert.match(keys[1] ?? "", /^20250310T080000-a1b2-assessment-/);
});

Deno.test("idempotencyKey does not contain the phone", async () => {
  const key = await idempotencyKey(RUN, PHONE, "assessment");

  assert.equal(key.includes("99112233"), false);
  assert.equal(key.includes("976"), false);
});
