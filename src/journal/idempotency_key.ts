/**
 * Idempotency keys that stay the same for one step of one recipient in one
 * run, across retries, restarts and `--resume`.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** The request steps that carry a key. */
export type KeyedStep = "assessment" | "sms";

/**
 * Derives the key of `step` for `phone` in run `runId`. The phone number is
 * hashed, so the key does not reveal it.
 */
export function idempotencyKey(
  runId: string,
  phone: string,
  step: KeyedStep,
): string {
  // node:crypto hashes synchronously; WebCrypto's digest cost a promise and
  // a thread hop per key, a sixth of a run's CPU time in a profile.
  const hex = createHash("sha256")
    .update(`${runId}\n${phone}\n${step}`)
    .digest("hex")
    .slice(0, 24);
  return `${runId}-${step}-${hex}`;
}
