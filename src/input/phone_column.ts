/**
 * Column names of a CSV header: which column contains the phone number,
 * the name and the respondent id, and the placeholder key of each column.
 *
 * @module
 */

import { InputError } from "./input_error.ts";

// Names compared after `looseName`, in order of preference: when a header
// has both `phone` and `number`, the phone column is `phone`.
const PHONE_NAMES = [
  "phone",
  "phonenumber",
  "mobile",
  "mobilenumber",
  "msisdn",
  "утас",
  "утасныдугаар",
  "tel",
  "telephone",
  "number",
];
const NAME_NAMES = ["name", "нэр"];
const RESPONDENT_ID_NAMES = ["respondentid"];

/** Positions of the columns with a meaning of their own. */
export interface KnownColumns {
  phone: number;
  /** Absent when the header has no name column. */
  name?: number;
  /** Absent when the header has no respondent id column. */
  respondentId?: number;
}

/**
 * Lowercases a header cell and drops spaces, underscores and dashes, so
 * `Phone Number`, `phone_number` and `PHONE-NUMBER` compare equal.
 */
export function looseName(cell: string): string {
  return cell.toLowerCase().replace(/[\s_-]+/g, "");
}

/**
 * Maps header cells to placeholder keys: trimmed, lowercased, each run of
 * spaces or dashes replaced by `_` and braces dropped, so `First Name`
 * becomes `first_name`. An empty cell becomes `column_N`, N counted
 * from 1.
 *
 * @throws {InputError} when two cells map to the same key.
 */
export function columnKeys(header: string[], source: string): string[] {
  const keys = header.map((cell, index) => columnKey(cell, index));
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) {
      throw new InputError(
        `Cannot use the header of "${source}": two columns are named ` +
          `"${key}", rename one of them`,
      );
    }
    seen.add(key);
  }
  return keys;
}

function columnKey(cell: string, index: number): string {
  const key = cell.trim().toLowerCase().replace(/[{}]/g, "")
    .replace(/[\s-]+/g, "_");
  return key === "" ? `column_${index + 1}` : key;
}

/** Finds the automatically recognised phone column, or returns -1. */
export function findPhoneColumn(header: string[]): number {
  return findByNames(header, PHONE_NAMES);
}

/**
 * Finds the columns with a meaning of their own. The phone column is the
 * one named by `phoneColumn` (matched exactly, then loosely) or else the
 * first recognised one.
 *
 * @throws {InputError} naming the header's columns when there is no phone
 * column.
 */
export function findKnownColumns(
  header: string[],
  phoneColumn: string | undefined,
  source: string,
): KnownColumns {
  const phone = phoneColumn === undefined
    ? findPhoneColumn(header)
    : findNamedColumn(header, phoneColumn);
  if (phone === -1) throw missingPhoneColumn(header, phoneColumn, source);

  const columns: KnownColumns = { phone };
  const name = findByNames(header, NAME_NAMES);
  if (name !== -1) columns.name = name;
  const respondentId = findByNames(header, RESPONDENT_ID_NAMES);
  if (respondentId !== -1) columns.respondentId = respondentId;
  return columns;
}

function findNamedColumn(header: string[], name: string): number {
  const exact = header.findIndex((cell) => cell.trim() === name.trim());
  if (exact !== -1) return exact;
  const loose = looseName(name);
  return header.findIndex((cell) => looseName(cell) === loose);
}

function findByNames(header: string[], names: string[]): number {
  const loose = header.map(looseName);
  for (const name of names) {
    const index = loose.indexOf(name);
    if (index !== -1) return index;
  }
  return -1;
}

function missingPhoneColumn(
  header: string[],
  phoneColumn: string | undefined,
  source: string,
): InputError {
  const available = header.map((cell) => JSON.stringify(cell)).join(", ");
  if (phoneColumn !== undefined) {
    return new InputError(
      `Phone column ${JSON.stringify(phoneColumn)} not found in "${source}": ` +
        `the columns are ${available}`,
    );
  }
  return new InputError(
    `No phone column found in "${source}": the columns are ${available}, ` +
      "name the phone column with --phone-column",
  );
}
