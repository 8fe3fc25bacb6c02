/**
 * Idempotency keys that stay the same for one step of one recipient in one
 * run, across retries, restarts and `--resume`.
 *
 * @module
 */

const encoder = new TextEncoder();

/** The request steps that carry a key. */
export type KeyedStep = "assessment" | "sms";

/**
 * Derives the key of `step` for `phone` in run `runId`. The phone number is
 * hashed, so the key does not reveal it.
 */
export async function idempotencyKey(
  runId: string,
  phone: string,
  step: KeyedStep,
): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    encoder.encode(`${runId}\n${phone}\n${step}`),
  );
  const hex = Array.from(
    new Uint8Array(digest, 0, 12),
    (byte) => byte.toString(16).padStart(2, "0"),
  ).join("");
  return `${runId}-${step}-${hex}`;
}
