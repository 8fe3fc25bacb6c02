/**
 * Masks phone numbers and links for console output, where other people may
 * read them. Report files keep the full values.
 *
 * @module
 */

import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** Replaces the hidden part of a value. */
export const MASK = "•••";

const E164 = /^\+\d{8,15}$/;

/** Values shorter than this are hidden whole. */
const MIN_PARTLY_SHOWN_LENGTH = 8;

/** Link tokens up to this length are hidden whole. */
const MIN_SHOWN_TOKEN_LENGTH = 9;

/**
 * Masks a phone number, keeping the country code, the first 2 and the last
 * 3 digits of the national number: `+97699112233` becomes `+976 99•••233`.
 * A value that is not in E.164 form is masked by {@linkcode maskInput}.
 */
export function maskPhone(phone: string): string {
  const parsed = E164.test(phone)
    ? parsePhoneNumberFromString(phone)
    : undefined;
  if (parsed === undefined) return maskInput(phone);

  const national = parsed.nationalNumber;
  return `+${parsed.countryCallingCode} ${maskInput(national)}`;
}

/**
 * Masks a value as written in the input, keeping its first 2 and last 3
 * characters: `99112233` becomes `99•••233`. Values shorter than 8
 * characters become `•••`.
 */
export function maskInput(value: string): string {
  const characters = Array.from(value.trim());
  if (characters.length < MIN_PARTLY_SHOWN_LENGTH) return MASK;

  const head = characters.slice(0, 2).join("");
  const tail = characters.slice(-3).join("");
  return `${head}${MASK}${tail}`;
}

/**
 * Masks a link, keeping its origin and path but only the first 4 characters
 * of the last path segment, which usually is the access token:
 * `http://127.0.0.1:8787/a/Xy12abcdEFgh` becomes
 * `http://127.0.0.1:8787/a/Xy12…`. The query and fragment are dropped, a
 * last segment shorter than 9 characters is hidden whole, and a value that
 * is not a URL becomes `•••`.
 */
export function maskLink(link: string): string {
  if (!URL.canParse(link)) return MASK;

  const url = new URL(link);
  const slash = url.pathname.lastIndexOf("/");
  const directory = url.pathname.slice(0, slash + 1);
  const token = Array.from(url.pathname.slice(slash + 1));
  const visible = token.length < MIN_SHOWN_TOKEN_LENGTH
    ? ""
    : token.slice(0, 4).join("");
  return `${url.origin}${directory}${visible}…`;
}
