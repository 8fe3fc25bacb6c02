/**
 * Turns request fields into the inputs of the two APIs, with the error text
 * each API returns for a bad value.
 *
 * @module
 */

import { isE164 } from "./e164.ts";
import type { Fields } from "./read_fields.ts";
import type { AssessmentInput, SmsInput } from "./state.ts";

/** Either a valid input or the reason it is invalid. */
export type InputResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

/** Expiry used when a request gives none, in days. */
export const DEFAULT_EXPIRES_IN_DAYS = 7;
/** Longest accepted expiry, in days. */
export const MAX_EXPIRES_IN_DAYS = 3650;

/** Validates the fields of `POST /api/assessments`. */
export function parseAssessmentInput(
  fields: Fields,
): InputResult<AssessmentInput> {
  const phone = fields.get("phone");
  if (phone === undefined || phone === "") {
    return invalid(
      "Missing field phone: send an E.164 number such as +97699112233",
    );
  }

  if (!isE164(phone)) {
    return invalid(
      `Invalid phone ${
        describe(phone)
      }: send an E.164 number such as +97699112233`,
    );
  }

  const respondentId = readRespondentId(fields.get("respondent_id"));
  if (!respondentId.ok) return respondentId;
  const typeIds = readTypeIds(fields.get("type_ids"));
  if (!typeIds.ok) return typeIds;
  const expiresInDays = readExpiresInDays(fields.get("expires_in_days"));
  if (!expiresInDays.ok) return expiresInDays;

  return {
    ok: true,
    value: {
      phone,
      respondentId: respondentId.value,
      typeIds: typeIds.value,
      expiresInDays: expiresInDays.value,
    },
  };
}

/** Validates the fields of `POST /sms/send`. */
export function parseSmsInput(fields: Fields): InputResult<SmsInput> {
  const to = fields.get("to");
  if (to === undefined || to === "") {
    return invalid(
      "Missing field to: send an E.164 number such as +97699112233",
    );
  }

  if (!isE164(to)) {
    return invalid(
      `Invalid to ${describe(to)}: send an E.164 number such as +97699112233`,
    );
  }

  const text = fields.get("text");
  if (typeof text !== "string" || text.trim() === "") {
    return invalid("Missing field text: send a non-empty message text");
  }

  const from = fields.get("from");
  if (from !== undefined && from !== null && typeof from !== "string") {
    return invalid(
      `Invalid from ${describe(from)}: send a sender name as a string`,
    );
  }

  return {
    ok: true,
    value: { to, text, from: from === undefined || from === "" ? null : from },
  };
}

function readRespondentId(value: unknown): InputResult<string | null> {
  if (value === undefined || value === null || value === "") {
    return { ok: true, value: null };
  }

  if (typeof value === "string") return { ok: true, value };
  if (typeof value === "number" && Number.isFinite(value)) {
    return { ok: true, value: String(value) };
  }

  return invalid(
    `Invalid respondent_id ${describe(value)}: send a string or a number`,
  );
}

/** Accepts `[1, 2]`, `["1", "2"]`, `"1,2"`, a single id or a repeated field. */
function readTypeIds(value: unknown): InputResult<number[]> {
  if (value === undefined || value === null || value === "") {
    return { ok: true, value: [] };
  }

  const parts = Array.isArray(value)
    ? value.flatMap((item) =>
      typeof item === "string" ? item.split(",") : [item]
    )
    : typeof value === "string"
    ? value.split(",")
    : [value];
  const ids: number[] = [];

  for (const part of parts) {
    const id = typeof part === "string" && part.trim() !== ""
      ? Number(part.trim())
      : part;

    if (!Number.isSafeInteger(id) || (id as number) < 0) {
      return invalid(
        `Invalid type_ids ${
          describe(value)
        }: send whole numbers such as [1, 2] or "1,2"`,
      );
    }

    ids.push(id as number);
  }

  return { ok: true, value: ids };
}

function readExpiresInDays(value: unknown): InputResult<number> {
  if (value === undefined || value === null || value === "") {
    return { ok: true, value: DEFAULT_EXPIRES_IN_DAYS };
  }

  const days = typeof value === "string" ? Number(value.trim()) : value;
  if (
    Number.isInteger(days) && (days as number) >= 1 &&
    (days as number) <= MAX_EXPIRES_IN_DAYS
  ) {
    return { ok: true, value: days as number };
  }

  return invalid(
    `Invalid expires_in_days ${
      describe(value)
    }: send a whole number from 1 to ${MAX_EXPIRES_IN_DAYS}`,
  );
}

function invalid(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function describe(value: unknown): string {
  return typeof value === "string"
    ? JSON.stringify(value)
    : String(JSON.stringify(value));
}
