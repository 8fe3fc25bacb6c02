/**
 * Wrapping that spreadsheets, links and chats put around a phone number,
 * removed before the number is read.
 *
 * @module
 */

// `tel:` links, spreadsheet text forcing (`'99112233`, `="99112233"`) and
// a trailing separator left from a pasted list.
const TEL_PREFIX = /^tel:\s*/i;
const TEXT_PREFIX = /^'/;
const FORMULA_TEXT = /^="([^"]*)"$/;
const TRAILING_SEPARATOR = /[;,]+$/;

/** Returns `text` without the wrapping around the number. */
export function stripWrapping(text: string): string {
  let inner = text.replace(TEL_PREFIX, "").replace(TEXT_PREFIX, "");
  const formula = FORMULA_TEXT.exec(inner);
  if (formula !== null) inner = formula[1]!;
  return inner.replace(TRAILING_SEPARATOR, "").trim();
}

/** Reason for a line that contains more than one number. */
export const SEVERAL_NUMBERS_REASON =
  "Several numbers on one line: put one number a line";

// At least eight digits, possibly grouped, then a comma or semicolon and
// another such number.
const SEVERAL_NUMBERS = /\d[\d\s\-().]{6,}\d\s*[,;]\s*\+?\d[\d\s\-().]{6,}\d/;
const LONG_DIGIT_RUN = /\d(?:[\s\-().]*\d){7,}/;

/**
 * Explains a value that contains a number among other text, or `undefined`
 * when it does not look like one.
 */
export function describeMixedText(text: string): string | undefined {
  const digitCount = text.replace(/\D/g, "").length;
  if (SEVERAL_NUMBERS.test(text) || digitCount > 15) {
    return SEVERAL_NUMBERS_REASON;
  }
  if (LONG_DIGIT_RUN.test(text)) {
    return "Text around the number: keep only the number, or put a note after #";
  }
  return undefined;
}
