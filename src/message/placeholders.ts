/**
 * Which placeholders exist, where each may be used, and their values for
 * one recipient.
 *
 * @module
 */

import type { ConfigFile } from "../config/schema.ts";
import type { ConfigProblem } from "../config/config_error.ts";
import { placeholdersIn, type PlaceholderValue } from "./template.ts";

/** Placeholders known before any request: from the input and the config. */
export const RECIPIENT_PLACEHOLDERS = [
  "phone",
  "phone_national",
  "respondent_id",
  "type_ids",
  "expires_in_days",
  "name",
] as const;

/** Placeholders filled from the assessment API's response. */
export const ASSESSMENT_PLACEHOLDERS = [
  "link",
  "assessment_id",
  "expires_at",
] as const;

interface TemplateSite {
  path: string;
  text: string;
  allowed: readonly string[];
}

/**
 * Lists every placeholder that is neither built in nor one of `columns`,
 * and every built-in used where its value is not known yet (such as
 * `{link}` in the assessment request).
 */
export function checkPlaceholders(
  config: ConfigFile,
  columns: readonly string[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const site of templateSites(config)) {
    for (const name of placeholdersIn(site.text)) {
      const problem = checkOne(name, site, columns);
      if (problem !== undefined) problems.push(problem);
    }
  }
  return problems;
}

function checkOne(
  name: string,
  site: TemplateSite,
  columns: readonly string[],
): ConfigProblem | undefined {
  if (site.allowed.includes(name) || columns.includes(name)) return undefined;
  const everywhere = [
    ...RECIPIENT_PLACEHOLDERS,
    ...ASSESSMENT_PLACEHOLDERS,
    "message",
  ];
  if (everywhere.includes(name)) {
    return {
      path: site.path,
      message:
        `placeholder {${name}} is not known yet at this step: use one of ${
          site.allowed.map((item) => `{${item}}`).join(", ")
        }`,
    };
  }
  const columnHint = columns.length === 0
    ? "(the input has no columns)"
    : `or an input column (${columns.join(", ")})`;
  return {
    path: site.path,
    message: `unknown placeholder {${name}}: use one of ${
      site.allowed.map((item) => `{${item}}`).join(", ")
    } ${columnHint}`,
  };
}

function templateSites(config: ConfigFile): TemplateSite[] {
  const beforeAssessment = [...RECIPIENT_PLACEHOLDERS];
  const afterAssessment = [...beforeAssessment, ...ASSESSMENT_PLACEHOLDERS];
  return [
    ...apiSites("assessment_api", config.assessment_api, beforeAssessment),
    {
      path: "message_template",
      text: config.message_template,
      allowed: afterAssessment,
    },
    ...apiSites("sms_api", config.sms_api, [...afterAssessment, "message"]),
  ];
}

function apiSites(
  name: string,
  api: ConfigFile["sms_api"] | ConfigFile["assessment_api"],
  allowed: readonly string[],
): TemplateSite[] {
  const sites: TemplateSite[] = [{
    path: `${name}.url`,
    text: api.url,
    allowed,
  }];
  for (const [key, value] of Object.entries(api.headers)) {
    sites.push({ path: `${name}.headers.${key}`, text: value, allowed });
  }
  for (const [key, value] of Object.entries(api.body)) {
    sites.push(...bodySites(`${name}.body.${key}`, value, allowed));
  }
  return sites;
}

/** Collects the strings of a body value, nested objects and lists included. */
function bodySites(
  path: string,
  value: unknown,
  allowed: readonly string[],
): TemplateSite[] {
  if (typeof value === "string") return [{ path, text: value, allowed }];
  if (value === null || typeof value !== "object") return [];
  // Requests render nested values too, so their placeholders need the check.
  return Object.entries(value).flatMap(([key, item]) =>
    bodySites(`${path}.${key}`, item, allowed)
  );
}

/** Fields of one recipient that the placeholders read. */
export interface RecipientValues {
  phone: string;
  national: string;
  respondentId: string;
  typeIds: readonly number[];
  expiresInDays: number;
  name?: string;
  fields: Record<string, string>;
}

/** Builds the placeholder values known before the assessment exists. */
export function recipientPlaceholders(
  recipient: RecipientValues,
): Map<string, PlaceholderValue> {
  // An empty CSV cell stays unset, so a template using it fails that row.
  const filled = Object.entries(recipient.fields).filter(([, v]) => v !== "");
  const values = new Map<string, PlaceholderValue>(filled);
  values.set("phone", recipient.phone);
  values.set("phone_national", recipient.national);
  values.set("respondent_id", recipient.respondentId);
  values.set("type_ids", recipient.typeIds);
  values.set("expires_in_days", recipient.expiresInDays);
  values.set("name", recipient.name ?? "");
  return values;
}

/**
 * Returns the first placeholder a recipient has no value for, across the
 * message and both APIs, or `undefined` when every one is filled. Values
 * from the assessment's answer count as present, so this runs before any
 * request is made.
 */
export function findMissingPlaceholder(
  config: ConfigFile,
  values: ReadonlyMap<string, PlaceholderValue>,
): string | undefined {
  for (const name of recipientPlaceholdersUsed(config)) {
    if (values.get(name) === undefined) return name;
  }
  return undefined;
}

/** Placeholders each configuration uses before the assessment exists. */
const usedBefore = new WeakMap<ConfigFile, string[]>();

/**
 * Lists the placeholders used anywhere that are not filled from the
 * assessment's response, once per configuration, because a bulk run needs
 * them for every recipient.
 */
function recipientPlaceholdersUsed(config: ConfigFile): string[] {
  let names = usedBefore.get(config);
  if (names === undefined) {
    const later = new Set<string>([...ASSESSMENT_PLACEHOLDERS, "message"]);
    const used = templateSites(config).flatMap((site) =>
      placeholdersIn(site.text)
    );
    names = [...new Set(used)].filter((name) => !later.has(name));
    usedBefore.set(config, names);
  }
  return names;
}
