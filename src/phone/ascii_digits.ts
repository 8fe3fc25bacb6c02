/**
 * Rewriting of non-ASCII digits to ASCII before a phone number is parsed.
 *
 * @module
 */

const DECIMAL_DIGIT = /\p{Nd}/u;
const NON_ASCII = /\P{ASCII}/u;

/**
 * Applies NFKC and then replaces every Unicode decimal digit (category Nd)
 * with its ASCII digit, so `９９`, `٩٩` and `᠙᠙` all become `99`.
 *
 * NFKC alone covers full-width forms (`９`, `＋`, `（`) but leaves scripts
 * such as Arabic-Indic and Mongolian as they are.
 */
export function toAsciiDigits(text: string): string {
  const folded = text.normalize("NFKC");
  if (!NON_ASCII.test(folded)) return folded;

  let result = "";
  for (const character of folded) {
    const codePoint = character.codePointAt(0)!;
    const isOtherDigit = codePoint > 0x7f && DECIMAL_DIGIT.test(character);
    result += isOtherDigit ? String(digitValue(codePoint)) : character;
  }
  return result;
}

/**
 * Returns the value of a decimal digit from its code point. Unicode
 * encodes each set of Nd digits as one run of ten code points, zero to
 * nine. Some sets sit next to each other, so the value is the distance
 * from the start of the whole run of Nd code points, modulo ten.
 */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}
