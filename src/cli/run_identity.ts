/**
 * Run ids and the fingerprints that tell whether a resumed run still has
 * the same input and configuration.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { ConfigFile } from "../config/schema.ts";
import { redactSecrets } from "../http/redact.ts";

/**
 * Creates a run id such as `20261204-153012-a3f9`: sortable by start time,
 * unique enough for one person's runs, safe in file names.
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-")
    .slice(0, 15);
  const random = crypto.getRandomValues(new Uint8Array(2));
  const suffix = Array.from(random, (b) => b.toString(16).padStart(2, "0"))
    .join("");
  return `${stamp}-${suffix}`;
}

/** Computes the SHA-256 of a file, streaming it. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  // The readable stream closes the file when it ends or fails.
  const file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Computes the SHA-256 of the settings that decide what is sent. Secrets
 * are replaced before hashing, so a resume after fixing a wrong token is
 * not taken for a changed configuration.
 */
export function sha256OfConfig(
  config: ConfigFile,
  secrets: readonly string[],
): string {
  const relevant = {
    assessment_api: config.assessment_api,
    sms_api: config.sms_api,
    message_template: config.message_template,
    assessment: config.assessment,
  };
  const text = redactSecrets(JSON.stringify(relevant), secrets);
  return createHash("sha256").update(text).digest("hex");
}
