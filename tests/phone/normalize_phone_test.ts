import assert from "node:assert/strict";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { normalizePhone } from "../../src/phone/normalize_phone.ts";

const MOBILE = "+97699112233";
const FIXED = "Fixed-line number: only mobile numbers can receive SMS";
const VOIP = "VoIP number: only mobile numbers can receive SMS";
const SPREADSHEET = (value: string) =>
  `Number looks changed by a spreadsheet (written ${
    /e/i.test(value) ? "in scientific notation" : "with a decimal point"
  }): format the column as text and export again`;
const WRONG_LENGTH = (digits: number) =>
  `Not a valid Mongolian mobile number: ${digits} digits, expected 8`;
const UNUSED_PREFIX =
  "Not a valid Mongolian mobile number: 8 digits but no network uses this prefix";
const ONLY_MONGOLIAN = "only Mongolian numbers are accepted";

const TEXT_AROUND =
  "Text around the number: keep only the number, or put a note after #";
const SEVERAL = "Several numbers on one line: put one number a line";

const ACCEPTED: [string, string][] = [
  ["99112233", MOBILE],
  ["tel:99112233", MOBILE],
  ["tel: +976 9911 2233", MOBILE],
  ["'99112233", MOBILE],
  ['="99112233"', MOBILE],
  ["99112233;", MOBILE],
  ["9911 2233", MOBILE],
  ["  99112233  ", MOBILE],
  ["9911-2233", MOBILE],
  ["99-11-22-33", MOBILE],
  ["99.11.22.33", MOBILE],
  ["(9911) 2233", MOBILE],
  ["(99) 11 22 33", MOBILE],
  ["9911/2233", MOBILE],
  ["9911\u20132233", MOBILE],
  ["+97699112233", MOBILE],
  ["+976 9911-2233", MOBILE],
  ["+976 (99) 11-22-33", MOBILE],
  ["(+976) 99-11-22-33", MOBILE],
  ["(976) 9911 2233", MOBILE],
  ["976 99112233", MOBILE],
  ["97699112233", MOBILE],
  ["0097699112233", MOBILE],
  ["00 976 9911 2233", MOBILE],
  ["099112233", MOBILE],
  ["\u00a099112233\u00a0", MOBILE],
  ["\uff19\uff19\uff11\uff11\uff12\uff12\uff13\uff13", MOBILE],
  [
    "\uff0b\uff19\uff17\uff16\uff19\uff19\uff11\uff11\uff12\uff12\uff13\uff13",
    MOBILE,
  ],
  ["\u0669\u0669\u0661\u0661\u0662\u0662\u0663\u0663", MOBILE],
  ["\u06f9\u06f9\u06f1\u06f1\u06f2\u06f2\u06f3\u06f3", MOBILE],
  ["\u1819\u1819\u1811\u1811\u1812\u1812\u1813\u1813", MOBILE],
  ["\u096f\u096f\u0967\u0967\u0968\u0968\u0969\u0969", MOBILE],
  ["88112233", "+97688112233"],
  ["80112233", "+97680112233"],
  ["50112233", "+97650112233"],
  ["87012345", "+97687012345"],
  ["92012345", "+97692012345"],
  ["72112233", "+97672112233"],
];

const REJECTED: [string, string][] = [
  ["", "Empty phone number"],
  ["   ", "Empty phone number"],
  ["9.91E+07", SPREADSHEET("9.91E+07")],
  ["9.91122E+07", SPREADSHEET("9.91122E+07")],
  ["9,91E+07", SPREADSHEET("9,91E+07")],
  ["9.91122e7", SPREADSHEET("9.91122e7")],
  ["99112233.0", SPREADSHEET("99112233.0")],
  ["99112233,00", SPREADSHEET("99112233,00")],
  [" 9.91122E+07 ", SPREADSHEET("9.91122E+07")],
  ["abc", "Not a phone number"],
  ["9911 22AB", "Not a phone number"],
  ["99112233 ext. 5", TEXT_AROUND],
  ["99112247 - Bat", TEXT_AROUND],
  ["99112248\tBat", TEXT_AROUND],
  ["99112241, 99112242", SEVERAL],
  ["99112241;88112242", SEVERAL],
  ["99112241 99112242", SEVERAL],
  ["99112243/99112244", SEVERAL],
  ["99112245 99112246 Bat", SEVERAL],
  ["99+112233", "Not a phone number"],
  ["---", "Not a phone number"],
  ["70112233", FIXED],
  ["11123456", FIXED],
  ["+976 7011 2233", FIXED],
  ["75112233", VOIP],
  ["71112233", VOIP],
  ["79112233", VOIP],
  ["9911223", WRONG_LENGTH(7)],
  ["991122334", WRONG_LENGTH(9)],
  ["+976991122334", WRONG_LENGTH(9)],
  ["+976 12", WRONG_LENGTH(2)],
  ["1", "Not a valid Mongolian mobile number: 1 digit, expected 8"],
  ["92212345", UNUSED_PREFIX],
  ["18001234", UNUSED_PREFIX],
  ["+7 916 123-45-67", `Russia (+7) number: ${ONLY_MONGOLIAN}`],
  ["+86 138 0013 8000", `China (+86) number: ${ONLY_MONGOLIAN}`],
  ["+1 202 555 0123", `United States (+1) number: ${ONLY_MONGOLIAN}`],
  ["+44 7400 123456", `United Kingdom (+44) number: ${ONLY_MONGOLIAN}`],
  ["+800 1234 5678", `Number with country code +800: ${ONLY_MONGOLIAN}`],
  ["+999 1234", `Not a valid international number: ${ONLY_MONGOLIAN}`],
];

Deno.test("normalizePhone accepts each written form", async (t) => {
  for (const [value, e164] of ACCEPTED) {
    await t.step(JSON.stringify(value), () => {
      const result = normalizePhone(value);
      assert.deepEqual(result, {
        ok: true,
        e164,
        national: e164.slice("+976".length),
      });
    });
  }
});

Deno.test("normalizePhone rejects with a reason", async (t) => {
  for (const [value, reason] of REJECTED) {
    await t.step(JSON.stringify(value), () => {
      assert.deepEqual(normalizePhone(value), { ok: false, reason });
    });
  }
});

Deno.test("normalizePhone never reads 9.91122E+07 as 99112200", () => {
  const result = normalizePhone("9.91122E+07");
  assert.equal(result.ok, false);
  assert.equal("e164" in result, false);
});

Deno.test("normalizePhone accepts every mobile prefix", () => {
  const prefixes = [
    "50",
    "55",
    "60",
    "66",
    "69",
    "72",
    "78",
    "80",
    "81",
    "83",
    "85",
    "86",
    "870",
    "871",
    "88",
    "89",
    "90",
    "91",
    "920",
    "921",
    "923",
    "929",
    "93",
    "94",
    "95",
    "96",
    "97",
    "98",
    "99",
  ];
  for (const prefix of prefixes) {
    const national = prefix.padEnd(8, "4");
    const result = normalizePhone(national);
    assert.deepEqual(result, { ok: true, e164: `+976${national}`, national });
  }
});

Deno.test("Mongolian metadata has no FIXED_LINE_OR_MOBILE", () => {
  for (let prefix = 100; prefix < 1000; prefix++) {
    const number = parsePhoneNumberFromString(`${prefix}12345`, "MN");
    assert.notEqual(number?.getType(), "FIXED_LINE_OR_MOBILE", `${prefix}`);
  }
});

Deno.test("normalizePhone drops invisible characters from chats", () => {
  assert.deepEqual(normalizePhone("+976\u200B9911\u200D2233"), {
    ok: true,
    e164: "+97699112233",
    national: "99112233",
  });
});
