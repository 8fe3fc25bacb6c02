/**
 * Normalisation of the phone numbers people type to E.164, keeping only
 * Mongolian mobile numbers.
 *
 * @module
 */

import {
  parsePhoneNumberFromString,
  type PhoneNumber,
} from "libphonenumber-js/max";
import { toAsciiDigits } from "./ascii_digits.ts";
import {
  describeMixedText,
  SEVERAL_NUMBERS_REASON,
  stripWrapping,
} from "./strip_wrapping.ts";
import {
  EMPTY_REASON,
  foreignReason,
  invalidMongolianReason,
  NOT_A_NUMBER_REASON,
  notMobileReason,
  spreadsheetReason,
  unknownCountryReason,
} from "./phone_reasons.ts";

/** Outcome of {@linkcode normalizePhone}. */
export type PhoneResult =
  | {
    ok: true;
    /** Number in E.164 form, such as `+97699112233`. */
    e164: string;
    /** National number without prefix, such as `99112233`. */
    national: string;
  }
  | {
    ok: false;
    /** Reason for the rejection: one sentence, no final period. */
    reason: string;
  };

const MONGOLIA_CALLING_CODE = "976";

// Scientific notation (`9.91E+07`, `9,91E+07`) and a float's trailing
// zeros (`99112233.0`) are what Excel and LibreOffice write for a number
// stored in a numeric cell. The digits lost that way cannot be recovered.
const SCIENTIFIC_FORM = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
const DECIMAL_ZERO_FORM = /^\d+[.,]0+$/;

// Digits, one leading plus (possibly inside a bracket, as in `(+976)`), and
// the separators people put between groups: spaces, dots, slashes,
// brackets, ASCII and Unicode dashes and minus.
const PHONE_CHARACTERS = /^\(?\+?[\d\s./()\-\u2010-\u2015\u2212]+$/;
const LEADING_PLUS = /^\(?\+/;
const NON_DIGIT = /\D/g;
const MAX_E164_DIGITS = 15;
// Zero-width and word-joiner characters that chat apps and spreadsheets
// paste invisibly between digits.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Normalises one phone number as typed by a person or exported from a
 * spreadsheet, accepting only Mongolian mobile numbers.
 *
 * Accepted forms include `99112233`, `9911 2233`, `(9911) 22-33`,
 * `99.11.22.33`, `+976 9911-2233`, `976 99112233`, `0097699112233` and the
 * same with full-width or other Unicode decimal digits, also as a `tel:`
 * link or with a spreadsheet's text prefix (`'99112233`, `="99112233"`). Spreadsheet
 * rewrites such as `9.91122E+07` are rejected, never guessed back.
 *
 * @example
 * ```ts
 * normalizePhone("976 9911-2233");
 * // { ok: true, e164: "+97699112233", national: "99112233" }
 * normalizePhone("70112233");
 * // { ok: false, reason: "Fixed-line number: only mobile numbers can receive SMS" }
 * ```
 */
export function normalizePhone(value: string): PhoneResult {
  const text = stripWrapping(
    toAsciiDigits(value).replace(INVISIBLE, "").trim(),
  );
  if (text === "") return reject(EMPTY_REASON);
  if (SCIENTIFIC_FORM.test(text)) {
    return reject(spreadsheetReason("scientific"));
  }
  if (DECIMAL_ZERO_FORM.test(text)) return reject(spreadsheetReason("decimal"));
  if (!PHONE_CHARACTERS.test(text)) {
    return reject(describeMixedText(text) ?? NOT_A_NUMBER_REASON);
  }

  const digits = text.replace(NON_DIGIT, "");
  if (digits === "") return reject(NOT_A_NUMBER_REASON);
  // E.164 allows 15 digits at most, so 16 or more are several numbers.
  if (digits.length > MAX_E164_DIGITS) return reject(SEVERAL_NUMBERS_REASON);

  const candidate = toInternationalForm(LEADING_PLUS.test(text), digits);
  const parsed = parsePhoneNumberFromString(candidate, "MN");
  if (parsed === undefined) return reject(unparsedReason(candidate));
  if (parsed.countryCallingCode !== MONGOLIA_CALLING_CODE) {
    const country = parsed.isValid() ? parsed.country : undefined;
    return reject(foreignReason(parsed.countryCallingCode, country));
  }
  return checkMongolian(parsed);
}

/**
 * Rewrites `00976…` to `+976…`. Mongolia's international dialling prefix
 * is 001 (libphonenumber metadata), so the library would read `00976…` as
 * a national number and reject it.
 */
function toInternationalForm(hasPlus: boolean, digits: string): string {
  if (hasPlus) return `+${digits}`;
  if (digits.startsWith(`00${MONGOLIA_CALLING_CODE}`)) {
    return `+${digits.slice(2)}`;
  }
  return digits;
}

/** Explains a candidate too short or odd for the library to parse. */
function unparsedReason(candidate: string): string {
  const mongolianPrefix = `+${MONGOLIA_CALLING_CODE}`;
  if (candidate.startsWith(mongolianPrefix)) {
    return invalidMongolianReason(candidate.slice(mongolianPrefix.length));
  }
  if (candidate.startsWith("+")) return unknownCountryReason();
  return invalidMongolianReason(candidate);
}

function checkMongolian(parsed: PhoneNumber): PhoneResult {
  if (!parsed.isValid()) {
    return reject(invalidMongolianReason(parsed.nationalNumber));
  }

  // NOTE: only MOBILE passes. The Mongolian metadata of libphonenumber-js
  // 1.13.17 never returns FIXED_LINE_OR_MOBILE, which a test checks for
  // every prefix, so this rejects no mobile number.
  const type = parsed.getType();
  if (type !== "MOBILE") return reject(notMobileReason(type));
  return { ok: true, e164: parsed.number, national: parsed.nationalNumber };
}

function reject(reason: string): PhoneResult {
  return { ok: false, reason };
}
