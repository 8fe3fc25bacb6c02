import assert from "node:assert/strict";
import {
  countSegments,
  type SegmentCount,
} from "../../src/message/segments.ts";

const GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
  " !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "\f^{}\\[]~|€";
const LINK = "https://t.example.mn/a?x=[1]~2";

function gsm(
  segments: number,
  units: number,
  perSegment: number,
): SegmentCount {
  return {
    encoding: "GSM-7",
    segments,
    units,
    perSegment,
    nonGsmCharacters: [],
  };
}

function ucs2(
  segments: number,
  units: number,
  perSegment: number,
  nonGsmCharacters: string[],
): SegmentCount {
  return { encoding: "UCS-2", segments, units, perSegment, nonGsmCharacters };
}

const CASES: [string, string, SegmentCount][] = [
  ["empty text", "", gsm(1, 0, 160)],
  ["one letter", "a", gsm(1, 1, 160)],
  ["160 GSM characters", "a".repeat(160), gsm(1, 160, 160)],
  ["161 GSM characters", "a".repeat(161), gsm(2, 161, 153)],
  ["306 GSM characters", "a".repeat(306), gsm(2, 306, 153)],
  ["307 GSM characters", "a".repeat(307), gsm(3, 307, 153)],
  ["whole basic table", GSM_BASIC, gsm(1, 127, 160)],
  ["extension characters", GSM_EXTENSION, gsm(1, 20, 160)],
  ["euro counts 2", "€", gsm(1, 2, 160)],
  ["80 braces fill 160", "{".repeat(80), gsm(1, 160, 160)],
  ["159 and a tilde", "a".repeat(159) + "~", gsm(2, 161, 153)],
  [
    "escape pair at 152",
    "a".repeat(152) + "[" + "a".repeat(152),
    gsm(
      3,
      306,
      153,
    ),
  ],
  [
    "escape pair at 151",
    "a".repeat(151) + "[" + "a".repeat(153),
    gsm(
      2,
      306,
      153,
    ),
  ],
  ["link with ~ and [", `Test ${LINK}`, gsm(1, 38, 160)],
  ["Cyrillic 70", "т".repeat(70), ucs2(1, 70, 70, ["т"])],
  ["Cyrillic 71", "т".repeat(71), ucs2(2, 71, 67, ["т"])],
  ["Cyrillic 134", "т".repeat(134), ucs2(2, 134, 67, ["т"])],
  ["Cyrillic 135", "т".repeat(135), ucs2(3, 135, 67, ["т"])],
  [
    "Cyrillic with link",
    `Тест ${LINK}`,
    ucs2(1, 35, 70, [
      "Т",
      "е",
      "с",
      "т",
    ]),
  ],
  [
    "Mongolian letters",
    "Сайн уу ӨҮ",
    ucs2(1, 10, 70, [
      "С",
      "а",
      "й",
      "н",
      "у",
      "Ө",
      "Ү",
    ]),
  ],
  ["curly apostrophe", "Don\u2019t miss it", ucs2(1, 13, 70, ["\u2019"])],
  ["emoji is two units", "Hi 😀", ucs2(1, 5, 70, ["😀"])],
  ["35 emoji fill 70", "😀".repeat(35), ucs2(1, 70, 70, ["😀"])],
  [
    "three emoji after 66",
    "a".repeat(66) + "😀".repeat(3),
    ucs2(
      2,
      72,
      67,
      ["😀"],
    ),
  ],
  [
    "surrogate pair kept whole",
    "b".repeat(66) + "😀" + "b".repeat(66),
    ucs2(
      3,
      134,
      67,
      ["😀"],
    ),
  ],
  [
    "no split needed",
    "b".repeat(65) + "😀" + "b".repeat(67),
    ucs2(
      2,
      134,
      67,
      ["😀"],
    ),
  ],
  [
    "accented outside GSM",
    "café à la crème, naïve",
    ucs2(1, 22, 70, [
      "ï",
    ]),
  ],
  ["lone escape character", "a\x1bb", ucs2(1, 3, 70, ["\x1b"])],
];

Deno.test("countSegments counts like a gateway", async (t) => {
  for (const [name, text, expected] of CASES) {
    await t.step(name, () => {
      assert.deepEqual(countSegments(text), expected);
    });
  }
});

Deno.test("countSegments counts each basic character once", () => {
  for (const character of GSM_BASIC) {
    assert.equal(countSegments(character).units, 1, JSON.stringify(character));
  }
});

Deno.test("countSegments counts each extension character twice", () => {
  for (const character of GSM_EXTENSION) {
    const count = countSegments(character);
    assert.equal(count.encoding, "GSM-7", JSON.stringify(character));
    assert.equal(count.units, 2, JSON.stringify(character));
  }
});
