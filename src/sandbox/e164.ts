/**
 * The E.164 shape check shared by both APIs of the sandbox.
 *
 * @module
 */

/** A plus sign, a non-zero country digit, then 7 to 14 more digits. */
const E164_PATTERN = /^\+[1-9][0-9]{7,14}$/;

/** Reports whether `value` is a phone number in E.164 form. */
export function isE164(value: unknown): value is string {
  return typeof value === "string" && E164_PATTERN.test(value);
}
