/**
 * Removal of secrets from text that may reach a message or a report.
 *
 * @module
 */

/**
 * Secrets shorter than this are left alone: replacing every "ok" or "1"
 * would garble messages, and no real token is that short.
 */
const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret in `text` with `[redacted]`. */
export function redactSecrets(
  text: string,
  secrets: readonly string[],
): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    result = result.replaceAll(secret, "[redacted]");
    // A server may echo a token back inside a URL, percent-encoded.
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) result = result.replaceAll(encoded, "[redacted]");
  }
  return result;
}

/** Headers whose values describe the content, not credentials. */
const PUBLIC_HEADERS = new Set(["accept", "content-type", "user-agent"]);

/**
 * Collects the secrets of a set of configured headers: every value but
 * content headers, and for `Bearer x` or `Basic x` the credential alone.
 */
export function secretsOfHeaders(
  headers: Record<string, string>,
): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (PUBLIC_HEADERS.has(name.toLowerCase())) continue;
    secrets.push(value);
    const credential = /^\s*\S+\s+(\S+)\s*$/.exec(value)?.[1];
    if (credential !== undefined) secrets.push(credential);
  }
  return secrets;
}
