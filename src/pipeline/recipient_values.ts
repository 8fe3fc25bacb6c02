/**
 * Placeholder values of one recipient, before and after its assessment
 * exists.
 *
 * @module
 */
import type { ConfigFile } from "../config/schema.ts";
import type { Recipient } from "../input/read_recipients.ts";
import { recipientPlaceholders } from "../message/placeholders.ts";
import type { PlaceholderValue } from "../message/template.ts";
import type { CreatedAssessment } from "./api_calls.ts";

/** Builds the values known from the input row and the configuration. */
export function valuesOfRecipient(
  recipient: Recipient,
  config: ConfigFile,
): Map<string, PlaceholderValue> {
  return recipientPlaceholders({
    phone: recipient.phone,
    national: recipient.national,
    respondentId: recipient.respondentId ?? config.assessment.respondent_id,
    typeIds: config.assessment.type_ids,
    expiresInDays: config.assessment.expires_in_days,
    fields: recipient.fields,
    ...(recipient.name === undefined ? {} : { name: recipient.name }),
  });
}

/** Adds the values the assessment API returned. */
export function withAssessment(
  values: ReadonlyMap<string, PlaceholderValue>,
  assessment: CreatedAssessment,
): Map<string, PlaceholderValue> {
  const all = new Map(values);
  all.set("link", assessment.link);
  // An API that returns no id or expiry still lets templates render.
  all.set("assessment_id", assessment.id ?? "");
  all.set("expires_at", assessment.expiresAt ?? "");
  return all;
}

/**
 * The shortest assessment the API could return: a link of its origin alone,
 * or of the shortest length seen so far in this run, and no id or expiry.
 * A message too long even with it is too long with any real link, so it
 * can be refused before an assessment is created.
 */
export function shortestAssessment(
  config: ConfigFile,
  shortestLinkSeen?: number,
): CreatedAssessment {
  const origin = `${new URL(config.assessment_api.url).origin}/`;
  if (shortestLinkSeen === undefined || shortestLinkSeen <= origin.length) {
    return { link: origin };
  }
  return { link: origin.padEnd(shortestLinkSeen, "x") };
}
