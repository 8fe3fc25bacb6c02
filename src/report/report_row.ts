/**
 * The flat, snake_case form of a recipient record that the JSON and CSV
 * reports share.
 *
 * @module
 */

import type { RecipientRecord } from "../pipeline/outcome.ts";

/** Report columns in file order. */
export const REPORT_COLUMNS = [
  "line",
  "input",
  "phone",
  "name",
  "status",
  "stage",
  "reason",
  "assessment_id",
  "link",
  "expires_at",
  "message_id",
  "segments",
  "attempts",
  "error_type",
  "error_message",
  "http_status",
] as const;

/** Name of one report column. */
export type ReportColumn = typeof REPORT_COLUMNS[number];

/** One record as written to a report file; absent values are `null`. */
export type ReportRow = Record<ReportColumn, string | number | null>;

/** Converts `record` to its report row. */
export function toReportRow(record: RecipientRecord): ReportRow {
  return {
    line: record.line,
    input: record.input,
    phone: record.phone ?? null,
    name: record.name ?? null,
    status: record.status,
    stage: record.stage ?? null,
    reason: record.reason ?? null,
    assessment_id: record.assessmentId ?? null,
    link: record.link ?? null,
    expires_at: record.expiresAt ?? null,
    message_id: record.messageId ?? null,
    segments: record.segments ?? null,
    attempts: record.attempts,
    error_type: record.errorType ?? null,
    error_message: record.errorMessage ?? null,
    http_status: record.httpStatus ?? null,
  };
}
