/**
 * Reasons given for rejecting a phone number, worded for the person who
 * fixes the input file.
 *
 * Reasons quote the value only where it cannot be a real phone number (a
 * spreadsheet's rewrite of one), because reports mask the value of a
 * rejected line outside verbose mode and a quoted number would undo that.
 *
 * @module
 */

import type { NumberType } from "libphonenumber-js/max";

/** Expected length of a Mongolian national number. */
export const MONGOLIAN_NUMBER_LENGTH = 8;

const SMS_ONLY_TO_MOBILE = "only mobile numbers can receive SMS";
const ONLY_MONGOLIAN = "only Mongolian numbers are accepted";

const TYPE_NAMES: Record<NonNullable<NumberType>, string> = {
  FIXED_LINE: "Fixed-line number",
  FIXED_LINE_OR_MOBILE: "Number that may be fixed-line",
  MOBILE: "Mobile number",
  PAGER: "Pager number",
  PERSONAL_NUMBER: "Personal number",
  PREMIUM_RATE: "Premium-rate number",
  SHARED_COST: "Shared-cost number",
  TOLL_FREE: "Toll-free number",
  UAN: "Universal access number",
  VOICEMAIL: "Voicemail number",
  VOIP: "VoIP number",
};

const REGION_NAMES = new Intl.DisplayNames(["en"], { type: "region" });

/** Reason for an empty cell or line. */
export const EMPTY_REASON = "Empty phone number";

/** Reason for a value with letters or other characters a number never has. */
export const NOT_A_NUMBER_REASON = "Not a phone number";

/**
 * Builds the reason for a value that a spreadsheet turned into a number.
 * The value itself is left out: its digits may still be most of a real
 * number, which the console masks.
 */
export function spreadsheetReason(form: "scientific" | "decimal"): string {
  const written = form === "scientific"
    ? "in scientific notation"
    : "with a decimal point";
  return `Number looks changed by a spreadsheet (written ${written}): ` +
    "format the column as text and export again";
}

/** Builds the reason for a valid Mongolian number that is not a mobile one. */
export function notMobileReason(type: NumberType): string {
  const name = type === undefined ? "Number of unknown type" : TYPE_NAMES[type];
  return `${name}: ${SMS_ONLY_TO_MOBILE}`;
}

/**
 * Builds the reason for a number that is not a valid Mongolian one, from
 * the digits of its national part.
 */
export function invalidMongolianReason(nationalDigits: string): string {
  const length = nationalDigits.length;
  const detail = length === MONGOLIAN_NUMBER_LENGTH
    ? `${length} digits but no network uses this prefix`
    : `${length} ${length === 1 ? "digit" : "digits"}, expected ` +
      MONGOLIAN_NUMBER_LENGTH;
  return `Not a valid Mongolian mobile number: ${detail}`;
}

/**
 * Builds the reason for a number with a country code other than +976,
 * naming the country in English when the number is valid there.
 */
export function foreignReason(
  callingCode: string,
  country: string | undefined,
): string {
  const name = country === undefined ? undefined : REGION_NAMES.of(country);
  const subject = name === undefined
    ? `Number with country code +${callingCode}`
    : `${name} (+${callingCode}) number`;
  return `${subject}: ${ONLY_MONGOLIAN}`;
}

/** Builds the reason for an international number no country code fits. */
export function unknownCountryReason(): string {
  return `Not a valid international number: ${ONLY_MONGOLIAN}`;
}
