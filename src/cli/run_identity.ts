/**
 * Run ids and the fingerprints that tell whether a resumed run still has
 * the same input and configuration.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { ConfigFile } from "../config/schema.ts";

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
 * Computes the SHA-256 of the settings that decide what is sent. Header
 * values are left out, so a resume after fixing a wrong token is not taken
 * for a changed configuration, while a changed URL, body or message is.
 */
export function sha256OfConfig(config: ConfigFile): string {
  const relevant = {
    assessment_api: withHeaderNamesOnly(config.assessment_api),
    sms_api: withHeaderNamesOnly(config.sms_api),
    message_template: config.message_template,
    assessment: config.assessment,
  };
  return createHash("sha256").update(JSON.stringify(relevant)).digest("hex");
}

function withHeaderNamesOnly<T extends { headers: Record<string, string> }>(
  api: T,
): Omit<T, "headers"> & { headers: string[] } {
  return { ...api, headers: Object.keys(api.headers).sort() };
}
