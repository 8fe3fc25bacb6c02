/**
 * Configuration text and environment readers shared by the config tests.
 *
 * @module
 */

import type { EnvReader } from "../../src/config/expand_env.ts";

/** A valid configuration that leaves every optional key to its default. */
export const MINIMAL_CONFIG = `assessment_api:
  url: https://assess.example.com/v1/assessments
  headers:
    Authorization: Bearer \${ASSESSMENT_TOKEN}
  body:
    phone: "{phone}"
    type_ids: "{type_ids}"
  response:
    link: data.link
sms_api:
  url: https://sms.example.com/send
  body:
    to: "{phone}"
    text: "{message}"
message_template: "Тест: {link}"
assessment:
  respondent_id: "qa-team"
  type_ids: [1, 2]
`;

/** Builds an environment reader over a fixed set of variables. */
export function envOf(variables: Record<string, string>): EnvReader {
  return (name) => variables[name];
}

/** The environment that `MINIMAL_CONFIG` needs. */
export const TOKEN_ENV: EnvReader = envOf({ ASSESSMENT_TOKEN: "tok-123456" });

/** Replaces the first occurrence of `from` in `MINIMAL_CONFIG`. */
export function configWith(from: string, to: string): string {
  if (!MINIMAL_CONFIG.includes(from)) {
    throw new Error(`Fixture has no "${from}" to replace`);
  }
  return MINIMAL_CONFIG.replace(from, to);
}
