/**
 * Counts records as they are reported, so the summary never needs the
 * records themselves.
 *
 * @module
 */
import type { RecipientRecord, RunSummary, Stage } from "./outcome.ts";

/** Counts of a run so far. */
export type RunCounts = Omit<
  RunSummary,
  | "runId"
  | "startedAt"
  | "endedAt"
  | "durationMs"
  | "dryRun"
  | "stoppedReason"
  | "journalPath"
>;

/** Running totals of the records of one run. */
export class SummaryCounter {
  readonly counts: RunCounts = {
    total: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    skipped: 0,
    notAttempted: 0,
    skippedByReason: {},
    failedByStage: { validation: 0, assessment: 0, sms: 0 },
  };

  /** Adds one record to the totals. */
  add(record: RecipientRecord): void {
    const counts = this.counts;
    counts.total++;
    switch (record.status) {
      case "sent":
        counts.sent++;
        break;
      case "failed":
      case "unknown":
        counts[record.status]++;
        counts.failedByStage[record.stage ?? "validation" as Stage]++;
        break;
      case "skipped": {
        counts.skipped++;
        const reason = record.reason ?? "other";
        counts.skippedByReason[reason] = (counts.skippedByReason[reason] ?? 0) +
          1;
        break;
      }
      case "not_attempted":
        counts.notAttempted++;
        break;
    }
  }
}
