/**
 * SMS segment counting as a gateway does it: GSM-7 when every character is
 * in the GSM 7-bit default alphabet, UCS-2 otherwise.
 *
 * A single SMS carries 140 octets: 160 GSM-7 septets or 70 UCS-2 code
 * units. A longer message is split into parts that each lose 6 octets to
 * the concatenation header (3GPP TS 23.040, information element 0x00),
 * leaving 153 septets or 67 code units per part.
 *
 * @module
 */

import { gsm7Septets } from "./gsm7.ts";

/** Encoding a gateway picks for a message. */
export type SmsEncoding = "GSM-7" | "UCS-2";

/** Size of a message in SMS segments. */
export interface SegmentCount {
  /** GSM-7 when every character fits the GSM 7-bit alphabet, else UCS-2. */
  encoding: SmsEncoding;
  /**
   * Number of SMS parts a gateway sends and bills. An empty message counts
   * as 1, because it is still sent as one SMS.
   */
  segments: number;
  /**
   * Length in the encoding's units: septets for GSM-7, where an extension
   * character counts 2, or UTF-16 code units for UCS-2.
   */
  units: number;
  /**
   * Units one segment holds: 160 or 70 for a single SMS, 153 or 67 for a
   * part of a longer one. A part can hold one unit less than this when a
   * character would otherwise be split across two parts.
   */
  perSegment: number;
  /**
   * Distinct characters outside the GSM 7-bit alphabet, in order of first
   * appearance. These are what forced UCS-2, so a user can replace them,
   * such as a curly apostrophe with a straight one. Empty for GSM-7.
   */
  nonGsmCharacters: string[];
}

const GSM7_SINGLE = 160;
const GSM7_PART = 153;
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

/**
 * Counts the SMS segments of a message.
 *
 * In a multipart message no character is split between two parts. An
 * extension character (escape plus septet) or a UTF-16 surrogate pair that
 * would straddle a boundary moves whole to the next part. The part it left
 * then carries 152 septets or 66 code units.
 *
 * @example
 * ```ts
 * countSegments("Тест"); // UCS-2, 1 segment of 4 units
 * countSegments("a".repeat(161)); // GSM-7, 2 segments of 153
 * ```
 */
export function countSegments(text: string): SegmentCount {
  const characters = [...text];
  const septets = characters.map(gsm7Septets);
  const nonGsmCharacters = [
    ...new Set(characters.filter((_, index) => septets[index] === 0)),
  ];

  if (nonGsmCharacters.length === 0) {
    return measure("GSM-7", septets, GSM7_SINGLE, GSM7_PART);
  }
  const codeUnits = characters.map((character) => character.length);
  return {
    ...measure("UCS-2", codeUnits, UCS2_SINGLE, UCS2_PART),
    nonGsmCharacters,
  };
}

function measure(
  encoding: SmsEncoding,
  sizes: number[],
  single: number,
  part: number,
): SegmentCount {
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const base = { encoding, units, nonGsmCharacters: [] };
  if (units <= single) return { ...base, segments: 1, perSegment: single };
  return { ...base, segments: countParts(sizes, part), perSegment: part };
}

/** Fills parts greedily with whole characters of the given sizes. */
function countParts(sizes: number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}
