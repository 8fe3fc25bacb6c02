import assert from "node:assert/strict";
import { maskInput, maskLink, maskPhone } from "../../src/report/mask.ts";

Deno.test("maskPhone keeps country code and ends of the number", () => {
  const cases: [string, string][] = [
    ["+97699112233", "+976 99•••233"],
    ["+97688001122", "+976 88•••122"],
    ["+14155552671", "+1 41•••671"],
    ["99112233", "99•••233"],
    ["+976 9911-2233", "+9•••233"],
    ["+9769911", "+9•••911"],
    ["+97699", "•••"],
  ];
  for (const [value, expected] of cases) {
    assert.equal(maskPhone(value), expected, value);
  }
});

Deno.test("maskInput keeps 2 leading and 3 trailing characters", () => {
  const cases: [string, string][] = [
    ["99112233", "99•••233"],
    ["９９１１２２３３", "９９•••２３３"],
    [" 9911 2233 ", "99•••233"],
    ["1234567", "•••"],
    ["abc", "•••"],
    ["", "•••"],
  ];
  for (const [value, expected] of cases) {
    assert.equal(maskInput(value), expected, value);
  }
});

Deno.test("maskLink cuts the last path segment", () => {
  const cases: [string, string][] = [
    [
      "http://127.0.0.1:8787/a/Xy12abcdEFgh",
      "http://127.0.0.1:8787/a/Xy12…",
    ],
    [
      "https://app.example.mn/t/abcdefghij?x=1#f",
      "https://app.example.mn/t/abcd…",
    ],
    ["https://app.example.mn/t/short", "https://app.example.mn/t/…"],
    ["https://app.example.mn/", "https://app.example.mn/…"],
    ["not a link", "•••"],
  ];
  for (const [value, expected] of cases) {
    assert.equal(maskLink(value), expected, value);
  }
});
