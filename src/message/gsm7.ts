/**
 * The GSM 7-bit default alphabet of 3GPP TS 23.038 (formerly GSM 03.38),
 * section 6.2.1: the basic character table and its extension table.
 *
 * @module
 */

// Basic table in code order, 0x00 to 0x7F. 0x1B is the escape to the
// extension table, not a character, so a NUL takes its place here and is
// removed from the set below.
const BASIC_TABLE = "@£$¥èéùìòÇ\nØø\rÅå" +
  "Δ_ΦΓΛΩΠΨΣΘΞ\x00ÆæßÉ" +
  " !\"#¤%&'()*+,-./" +
  "0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNO" +
  "PQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmno" +
  "pqrstuvwxyzäöñüà";

// Extension table entries, each sent as ESC plus one septet: form feed
// (0x0A), ^ (0x14), { } (0x28 0x29), \ (0x2F), [ ~ ] (0x3C to 0x3E),
// | (0x40) and € (0x65).
const EXTENSION_TABLE = "\f^{}\\[~]|€";

const BASIC = new Set([...BASIC_TABLE].filter((c) => c !== "\x00"));
const EXTENSION = new Set(EXTENSION_TABLE);

/**
 * Returns how many septets a character takes in GSM-7: 1 for the basic
 * table, 2 for the extension table (escape plus character), and 0 when
 * GSM-7 cannot encode it.
 */
export function gsm7Septets(character: string): 0 | 1 | 2 {
  if (BASIC.has(character)) return 1;
  if (EXTENSION.has(character)) return 2;
  return 0;
}
