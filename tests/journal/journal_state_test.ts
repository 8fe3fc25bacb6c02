import assert from "node:assert/strict";
import type { StepRecord } from "../../src/journal/journal_records.ts";
import {
  applyStep,
  emptyState,
  type RecipientState,
} from "../../src/journal/journal_state.ts";

const PHONE = "+97699112233";

/** Folds `steps` into the state of one recipient. */
function replay(steps: StepRecord[]): RecipientState {
  const state = emptyState();
  for (const step of steps) applyStep(state, step);
  return state;
}

Deno.test("applyStep marks a requested assessment pending", () => {
  const state = replay([
    { type: "assessment_requested", phone: PHONE, key: "k1" },
  ]);

  assert.deepEqual(state, {
    assessmentPending: true,
    smsPending: false,
    unknown: false,
  });
});

Deno.test("applyStep keeps the created assessment", () => {
  const state = replay([
    { type: "assessment_requested", phone: PHONE, key: "k1" },
    {
      type: "assessment_created",
      phone: PHONE,
      id: "a-1",
      link: "https://a.example.com/a-1",
      expiresAt: "2025-03-17",
    },
    { type: "sms_requested", phone: PHONE, key: "k2" },
  ]);

  assert.deepEqual(state, {
    assessment: {
      id: "a-1",
      link: "https://a.example.com/a-1",
      expiresAt: "2025-03-17",
    },
    assessmentPending: false,
    smsPending: true,
    unknown: false,
  });
});

Deno.test("applyStep records a sent SMS", () => {
  const state = replay([
    { type: "assessment_created", phone: PHONE, link: "https://x.example/1" },
    { type: "sms_requested", phone: PHONE, key: "k2" },
    { type: "unknown", phone: PHONE, stage: "sms", error: "timed out" },
    { type: "sms_requested", phone: PHONE, key: "k2" },
    { type: "sms_sent", phone: PHONE, messageId: "m-1" },
  ]);

  assert.deepEqual(state.assessment, { link: "https://x.example/1" });
  assert.deepEqual(state.sent, { messageId: "m-1" });
  assert.equal(state.smsPending, false);
  assert.equal(state.unknown, false);
});

Deno.test("applyStep clears pending on failure", () => {
  const assessment = replay([
    { type: "assessment_requested", phone: PHONE, key: "k1" },
    { type: "failed", phone: PHONE, stage: "assessment", error: "400" },
  ]);
  const sms = replay([
    { type: "sms_requested", phone: PHONE, key: "k2" },
    { type: "failed", phone: PHONE, stage: "sms", error: "400" },
  ]);

  assert.equal(assessment.assessmentPending, false);
  assert.equal(sms.smsPending, false);
  assert.equal(sms.sent, undefined);
});

Deno.test("applyStep marks an unknown SMS", () => {
  const state = replay([
    { type: "sms_requested", phone: PHONE, key: "k2" },
    { type: "unknown", phone: PHONE, stage: "sms", error: "timed out" },
  ]);

  assert.equal(state.unknown, true);
  assert.equal(state.smsPending, false);
});
