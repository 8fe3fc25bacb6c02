/**
 * The configuration file's schema, validated whole before anything runs.
 *
 * @module
 */

import { z } from "zod";

/** Text field that rejects YAML numbers, whose leading zeros are already lost. */
function text() {
  return z.string({
    error: (issue) =>
      typeof issue.input === "number"
        ? `expected text, got the number ${issue.input}: quote the value in YAML so leading zeros and exponents are kept`
        : `expected text, got ${describe(issue.input)}`,
  });
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

const PATH_SYNTAX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Dotted path into a JSON response, such as `data.link` or `items.0.id`. */
const responsePath = text().regex(
  PATH_SYNTAX,
  "expected a dotted path such as data.link",
);

const successRule = z.strictObject({
  field: responsePath,
  equals: z.union([text(), z.number(), z.boolean()]),
});

const apiSchema = z.strictObject({
  url: z.url({ error: "invalid URL" }),
  method: z.enum(["POST", "PUT", "PATCH", "GET"]).default("POST"),
  headers: z.record(
    // An HTTP header name is a token: letters, digits and !#$%&'*+-.^_`|~
    // (RFC 9110), so no spaces.
    z.string().regex(
      /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/,
      "header names are letters, digits and - only, without spaces",
    ),
    // HTTP header values are Latin-1 bytes without line breaks (RFC 9110);
    // fetch refuses anything else only when the request is sent.
    text().regex(
      /^[\t\x20-\x7e\x80-\xff]*$/,
      "header values must be plain text on one line, without Cyrillic or line breaks",
    ),
  ).default({}),
  body_format: z.enum(["json", "form", "query"]).default("json"),
  body: z.record(z.string(), z.unknown()).default({}),
  success: successRule.optional(),
  error_field: responsePath.optional(),
  honours_idempotency_key: z.boolean().default(false),
  timeout_seconds: z.number().positive().max(600).default(15),
});

const assessmentApiSchema = apiSchema.extend({
  response: z.strictObject({
    link: responsePath,
    id: responsePath.optional(),
    expires_at: responsePath.optional(),
  }),
});

const smsApiSchema = apiSchema.extend({
  response: z.strictObject({ message_id: responsePath.optional() }).default(
    {},
  ),
});

const clock = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM");

/** Schema of the whole YAML file after `${VAR}` expansion. */
export const configSchema = z.strictObject({
  assessment_api: assessmentApiSchema,
  sms_api: smsApiSchema,
  message_template: text().min(1, "the message template is empty"),
  assessment: z.strictObject({
    respondent_id: text().min(1),
    type_ids: z.array(z.int().positive()).min(1),
    expires_in_days: z.int().min(1).max(365).default(7),
  }),
  processing: z.strictObject({
    max_concurrent: z.int().min(1).max(1000).default(10),
    retry_attempts: z.int().min(0).max(20).default(3),
    retry_delay_seconds: z.number().min(0).max(600).default(1),
    retry_max_delay_seconds: z.number().min(0).max(3600).default(30),
    rate_limit_per_second: z.number().positive().max(10000).optional(),
    max_sms_segments: z.int().min(1).max(20).default(3),
    stop_after_auth_failures: z.int().min(1).max(1000).default(5),
    stop_after_unreachable: z.int().min(1).max(1000).default(5),
  }).default({
    max_concurrent: 10,
    retry_attempts: 3,
    retry_delay_seconds: 1,
    retry_max_delay_seconds: 30,
    max_sms_segments: 3,
    stop_after_auth_failures: 5,
    stop_after_unreachable: 5,
  }),
  safety: z.strictObject({
    allowed_numbers: z.array(
      text().regex(
        /^\+?[\d\s\-().]+$/,
        "expected a phone number or prefix such as +97699",
      ),
    ).default([]),
    max_recipients: z.int().min(1).optional(),
    quiet_hours: z.strictObject({ start: clock, end: clock }).optional(),
  }).default({ allowed_numbers: [] }),
});

/** The configuration as read from YAML, defaults filled in. */
export type ConfigFile = z.infer<typeof configSchema>;

/** One API's description: URL, method, headers, body and response paths. */
export type ApiConfig = z.infer<typeof apiSchema>;
