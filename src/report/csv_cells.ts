/**
 * Cell values that a spreadsheet shows as text instead of running them as
 * formulas (CSV injection).
 *
 * csv-stringify's own `escape_formulas` is not used because it also
 * prefixes every `+976…` phone number, which a reader of the report then
 * has to clean up.
 *
 * @module
 */

import type { ReportRow } from "./report_row.ts";
import { REPORT_COLUMNS } from "./report_row.ts";

/** First characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A phone number in E.164 form, which is data and not a formula. */
const E164 = /^\+\d{8,15}$/;

/**
 * Prefixes `value` with `'` when a spreadsheet would read it as a formula:
 * it starts with `=`, `+`, `-`, `@`, a tab or a carriage return. A value
 * that is exactly an E.164 phone number such as `+97699112233` is kept,
 * because a plus sign followed only by digits computes nothing.
 */
export function neutraliseCell(value: string): string {
  if (!FORMULA_START.test(value) || E164.test(value)) return value;
  return `'${value}`;
}

/**
 * Converts `row` to CSV cells in column order: `null` becomes an empty
 * cell and text cells are neutralised.
 */
export function toCsvCells(row: ReportRow): string[] {
  return REPORT_COLUMNS.map((column) => {
    const value = row[column];
    if (value === null) return "";
    return typeof value === "number" ? String(value) : neutraliseCell(value);
  });
}
