import assert from "node:assert/strict";
import { indexKeyLines, lineOf } from "../../src/config/yaml_lines.ts";

const TEXT = `# comment: not a key
sms_api:
  url: https://sms.example.com/send
  headers:
    "X-Api-Key": abc
    'Content-Type': application/json
  body:
    to: "{phone}"

message_template: "Сайн байна уу: {link}"
assessment:
  type_ids:
    - 1
  respondent_id: qa
`;

Deno.test("indexKeyLines maps nested keys to 1-based lines", () => {
  const lines = indexKeyLines(TEXT);

  assert.equal(lines.get("sms_api"), 2);
  assert.equal(lines.get("sms_api.url"), 3);
  assert.equal(lines.get("sms_api.headers"), 4);
  assert.equal(lines.get("sms_api.headers.X-Api-Key"), 5);
  assert.equal(lines.get("sms_api.headers.Content-Type"), 6);
  assert.equal(lines.get("sms_api.body.to"), 8);
  assert.equal(lines.get("message_template"), 10);
  assert.equal(lines.get("assessment.type_ids"), 12);
  assert.equal(lines.get("assessment.respondent_id"), 14);
});

Deno.test("indexKeyLines skips comments", () => {
  const lines = indexKeyLines(TEXT);

  assert.equal(lines.has("# comment"), false);
  assert.equal(lines.has("comment"), false);
});

Deno.test("indexKeyLines counts CRLF lines", () => {
  const lines = indexKeyLines("a:\r\n  b: 1\r\nc: 2\r\n");

  assert.equal(lines.get("a.b"), 2);
  assert.equal(lines.get("c"), 3);
});

Deno.test("lineOf falls back to the nearest parent", () => {
  const lines = indexKeyLines(TEXT);

  assert.equal(lineOf(lines, "assessment.type_ids.0"), 12);
  assert.equal(lineOf(lines, "sms_api.body.to"), 8);
  assert.equal(lineOf(lines, "sms_api.success.field"), 2);
  assert.equal(lineOf(lines, "processing.max_concurrent"), undefined);
});
