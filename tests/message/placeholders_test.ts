import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/load_config.ts";
import type { ConfigFile } from "../../src/config/schema.ts";
import {
  checkPlaceholders,
  findMissingPlaceholder,
  recipientPlaceholders,
  type RecipientValues,
} from "../../src/message/placeholders.ts";
import { configWith, MINIMAL_CONFIG, TOKEN_ENV } from "../config/fixtures.ts";

const BEFORE_ASSESSMENT =
  "{phone}, {phone_national}, {respondent_id}, {type_ids}, {expires_in_days}, {name}";

/** Parses configuration text built from the shared fixture. */
function configOf(text: string): ConfigFile {
  return parseConfig(text, "config.yml", { readEnv: TOKEN_ENV }).config;
}

const RECIPIENT: RecipientValues = {
  phone: "+97699112233",
  national: "99112233",
  respondentId: "qa-team",
  typeIds: [1, 2],
  expiresInDays: 7,
  name: "Болд",
  fields: { city: "Улаанбаатар", team: "" },
};

Deno.test("checkPlaceholders accepts the minimal config", () => {
  assert.deepEqual(checkPlaceholders(configOf(MINIMAL_CONFIG), []), []);
});

Deno.test("checkPlaceholders reports an unknown placeholder", () => {
  const config = configOf(
    configWith('"Тест: {link}"', '"Сайн уу {nmae}: {link}"'),
  );

  assert.deepEqual(checkPlaceholders(config, []), [{
    path: "message_template",
    message: `unknown placeholder {nmae}: use one of ${BEFORE_ASSESSMENT}, ` +
      "{link}, {assessment_id}, {expires_at} (the input has no columns)",
  }]);
});

Deno.test("checkPlaceholders lists the input columns", () => {
  const config = configOf(
    configWith('"Тест: {link}"', '"{nmae}: {link}"'),
  );
  const [problem] = checkPlaceholders(config, ["city", "team"]);

  assert.equal(
    problem?.message,
    `unknown placeholder {nmae}: use one of ${BEFORE_ASSESSMENT}, ` +
      "{link}, {assessment_id}, {expires_at} or an input column (city, team)",
  );
});

Deno.test("checkPlaceholders rejects {link} in the assessment body", () => {
  const config = configOf(
    configWith(
      '    phone: "{phone}"',
      '    phone: "{phone}"\n    url: "{link}"',
    ),
  );

  assert.deepEqual(checkPlaceholders(config, []), [{
    path: "assessment_api.body.url",
    message:
      `placeholder {link} is not known yet at this step: use one of ${BEFORE_ASSESSMENT}`,
  }]);
});

Deno.test("checkPlaceholders rejects {message} in the template", () => {
  const config = configOf(configWith('"Тест: {link}"', '"{message}"'));
  const [problem] = checkPlaceholders(config, []);

  assert.equal(problem?.path, "message_template");
  assert.match(
    problem?.message ?? "",
    /^placeholder \{message\} is not known yet at this step: /,
  );
});

Deno.test("checkPlaceholders allows input columns everywhere", () => {
  const config = configOf(
    configWith(
      '    phone: "{phone}"',
      '    phone: "{phone}"\n    city: "{city}"',
    )
      .replace('"Тест: {link}"', '"{city}: {link}"'),
  );

  assert.deepEqual(checkPlaceholders(config, ["city"]), []);
});

Deno.test("checkPlaceholders checks URL, headers and nested body", () => {
  const text = configWith(
    "url: https://sms.example.com/send",
    "url: https://sms.example.com/{route}",
  ).replace(
    '    text: "{message}"',
    '    text: "{message}"\n    meta:\n      tags: ["{tag}", 1]\n' +
      '      owner: { id: "{owner}" }',
  ).replace("Bearer ${ASSESSMENT_TOKEN}", "Bearer {token}");
  const problems = checkPlaceholders(configOf(text), []);

  assert.deepEqual(problems.map((problem) => problem.path), [
    "assessment_api.headers.Authorization",
    "sms_api.url",
    "sms_api.body.meta.tags.0",
    "sms_api.body.meta.owner.id",
  ]);
});

Deno.test("recipientPlaceholders fills built-ins and columns", () => {
  const values = recipientPlaceholders(RECIPIENT);

  assert.equal(values.get("phone"), "+97699112233");
  assert.equal(values.get("phone_national"), "99112233");
  assert.equal(values.get("respondent_id"), "qa-team");
  assert.deepEqual(values.get("type_ids"), [1, 2]);
  assert.equal(values.get("expires_in_days"), 7);
  assert.equal(values.get("name"), "Болд");
  assert.equal(values.get("city"), "Улаанбаатар");
});

Deno.test("recipientPlaceholders leaves empty cells unset", () => {
  const values = recipientPlaceholders(RECIPIENT);

  assert.equal(values.has("team"), false);
});

Deno.test("recipientPlaceholders sets a missing name to empty", () => {
  const { name: _, ...withoutName } = RECIPIENT;
  const values = recipientPlaceholders(withoutName);

  assert.equal(values.get("name"), "");
});

Deno.test("recipientPlaceholders prefers built-ins to columns", () => {
  const values = recipientPlaceholders({
    ...RECIPIENT,
    fields: { phone: "9911 2233" },
  });

  assert.equal(values.get("phone"), "+97699112233");
});

Deno.test("findMissingPlaceholder names the first empty cell", () => {
  const config = configOf(
    configWith(
      '    phone: "{phone}"',
      '    phone: "{phone}"\n    team: "{team}"',
    )
      .replace('"Тест: {link}"', '"{city} {team}: {link}"'),
  );
  const values = recipientPlaceholders(RECIPIENT);

  assert.equal(findMissingPlaceholder(config, values), "team");
});

Deno.test("findMissingPlaceholder ignores later values", () => {
  const config = configOf(
    configWith('"Тест: {link}"', '"{link} {assessment_id} {expires_at}"'),
  );
  const values = recipientPlaceholders(RECIPIENT);

  assert.equal(findMissingPlaceholder(config, values), undefined);
});

Deno.test("findMissingPlaceholder looks into nested body", () => {
  const config = configOf(
    configWith(
      '    text: "{message}"',
      '    text: "{message}"\n    meta: ["{team}"]',
    ),
  );
  const values = recipientPlaceholders(RECIPIENT);

  assert.equal(findMissingPlaceholder(config, values), "team");
});
