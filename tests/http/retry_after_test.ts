import assert from "node:assert/strict";
import { parseRetryAfter } from "../../src/http/retry_after.ts";

const NOW = Date.parse("2025-03-10T08:00:00Z");

Deno.test("parseRetryAfter reads whole seconds", () => {
  assert.equal(parseRetryAfter("0", NOW), 0);
  assert.equal(parseRetryAfter("3", NOW), 3000);
  assert.equal(parseRetryAfter(" 120 ", NOW), 120_000);
});

Deno.test("parseRetryAfter reads every HTTP-date format", () => {
  const formats = [
    "Mon, 10 Mar 2025 08:00:30 GMT",
    "Monday, 10-Mar-25 08:00:30 GMT",
    "Mon Mar 10 08:00:30 2025",
  ];
  for (const header of formats) {
    // The asctime form has no zone, so only the first two are pinned.
    const wait = parseRetryAfter(header, NOW);
    assert.ok(wait !== undefined, header);
    if (header.endsWith("GMT")) assert.equal(wait, 30_000, header);
  }
});

Deno.test("parseRetryAfter gives 0 for a past date", () => {
  assert.equal(parseRetryAfter("Mon, 10 Mar 2025 07:00:00 GMT", NOW), 0);
});

Deno.test("parseRetryAfter ignores a missing header", () => {
  assert.equal(parseRetryAfter(null, NOW), undefined);
});

Deno.test("parseRetryAfter ignores malformed values", () => {
  for (const header of ["", "soon", "1.5", "-1", "3s", "0x10", "1e3"]) {
    assert.equal(parseRetryAfter(header, NOW), undefined, header);
  }
});
