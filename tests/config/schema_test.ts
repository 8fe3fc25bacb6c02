import assert from "node:assert/strict";
import { load } from "js-yaml";
import { configSchema } from "../../src/config/schema.ts";
import { configWith, MINIMAL_CONFIG } from "./fixtures.ts";

/**
 * Validates YAML text with the schema alone and returns zod's issues. The
 * first `${` becomes `{`, so the token reference needs no environment.
 */
function issuesOf(text: string): { path: string; message: string }[] {
  const result = configSchema.safeParse(load(text.replace("${", "{")));
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.join("."),
    message: issue.message,
  }));
}

Deno.test("configSchema accepts the minimal file", () => {
  assert.deepEqual(issuesOf(MINIMAL_CONFIG), []);
});

Deno.test("configSchema asks to quote a numeric header", () => {
  const text = configWith(
    "    Authorization: Bearer ${ASSESSMENT_TOKEN}",
    "    X-Client: 0042",
  );

  assert.deepEqual(issuesOf(text), [{
    path: "assessment_api.headers.X-Client",
    message:
      "expected text, got the number 42: quote the value in YAML so leading zeros and exponents are kept",
  }]);
});

Deno.test("configSchema describes other wrong types", () => {
  const list = configWith('respondent_id: "qa-team"', "respondent_id: [a]");
  const empty = configWith('respondent_id: "qa-team"', "respondent_id:");

  assert.deepEqual(issuesOf(list), [{
    path: "assessment.respondent_id",
    message: "expected text, got a list",
  }]);
  assert.deepEqual(issuesOf(empty), [{
    path: "assessment.respondent_id",
    message: "expected text, got an empty value",
  }]);
});

Deno.test("configSchema rejects a malformed response path", () => {
  const text = configWith("link: data.link", "link: data..link");

  assert.deepEqual(issuesOf(text), [{
    path: "assessment_api.response.link",
    message: "expected a dotted path such as data.link",
  }]);
});

Deno.test("configSchema checks quiet hours as HH:MM", () => {
  const text = MINIMAL_CONFIG +
    'safety:\n  quiet_hours:\n    start: "21:00"\n    end: "9:00"\n';

  assert.deepEqual(issuesOf(text), [{
    path: "safety.quiet_hours.end",
    message: "expected HH:MM",
  }]);
});

Deno.test("configSchema rejects an empty message template", () => {
  const text = configWith('"Тест: {link}"', '""');

  assert.deepEqual(issuesOf(text), [{
    path: "message_template",
    message: "the message template is empty",
  }]);
});

Deno.test("configSchema accepts a success rule of any scalar", () => {
  for (const equals of ['"ok"', "0", "true"]) {
    const text = configWith(
      "sms_api:\n",
      `sms_api:\n  success:\n    field: status\n    equals: ${equals}\n`,
    );

    assert.deepEqual(issuesOf(text), [], equals);
  }
});

Deno.test("configSchema rejects a header value fetch cannot send", () => {
  const text = configWith(
    "    Authorization: Bearer ${ASSESSMENT_TOKEN}",
    "    X-Sender: Тест",
  );

  assert.deepEqual(issuesOf(text), [{
    path: "assessment_api.headers.X-Sender",
    message:
      "header values must be plain text on one line, without Cyrillic or line breaks",
  }]);
});
