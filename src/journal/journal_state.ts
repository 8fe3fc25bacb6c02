/**
 * What a journal tells about each recipient, folded from its lines.
 *
 * @module
 */

import type { StepRecord } from "./journal_records.ts";

/** The known state of one recipient after replaying a journal. */
export interface RecipientState {
  assessment?: { id?: string; link: string; expiresAt?: string };
  /** An assessment was requested but its creation never confirmed. */
  assessmentPending: boolean;
  /** An SMS request was sent and neither confirmed nor refused. */
  smsPending: boolean;
  sent?: { messageId?: string };
  /** The last run ended this SMS as unknown. */
  unknown: boolean;
}

/** Creates the state of a recipient the journal has not seen. */
export function emptyState(): RecipientState {
  return { assessmentPending: false, smsPending: false, unknown: false };
}

/** Applies one step line to a recipient's state. */
export function applyStep(state: RecipientState, step: StepRecord): void {
  switch (step.type) {
    case "assessment_requested":
      state.assessmentPending = true;
      break;
    case "assessment_created":
      state.assessmentPending = false;
      state.assessment = {
        link: step.link,
        ...(step.id === undefined ? {} : { id: step.id }),
        ...(step.expiresAt === undefined ? {} : { expiresAt: step.expiresAt }),
      };
      break;
    case "sms_requested":
      state.smsPending = true;
      break;
    case "sms_sent":
      state.smsPending = false;
      state.unknown = false;
      state.sent = step.messageId === undefined
        ? {}
        : { messageId: step.messageId };
      break;
    case "failed":
      if (step.stage === "assessment") state.assessmentPending = false;
      else state.smsPending = false;
      break;
    case "unknown":
      state.unknown = true;
      state.smsPending = false;
      break;
  }
}
