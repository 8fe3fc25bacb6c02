import assert from "node:assert/strict";
import { redactSecrets, secretsOfHeaders } from "../../src/http/redact.ts";

Deno.test("redactSecrets replaces every occurrence", () => {
  const text = "key abc123xyz failed; retry with abc123xyz or tok-99887766";

  assert.equal(
    redactSecrets(text, ["abc123xyz", "tok-99887766"]),
    "key [redacted] failed; retry with [redacted] or [redacted]",
  );
});

Deno.test("redactSecrets skips secrets shorter than four", () => {
  assert.equal(redactSecrets("a 123 b", ["123", ""]), "a 123 b");
  assert.equal(redactSecrets("a 1234 b", ["1234"]), "a [redacted] b");
});

Deno.test("redactSecrets removes a percent-encoded secret", () => {
  assert.equal(
    redactSecrets("link?t=Bearer%20tok%2B1", ["Bearer tok+1"]),
    "link?t=[redacted]",
  );
});

Deno.test("secretsOfHeaders takes values and credentials", () => {
  const secrets = secretsOfHeaders({
    Authorization: "Bearer tok-123456",
    "X-Api-Key": "key-abcdef",
    "Content-Type": "application/json",
    Accept: "application/json",
    "User-Agent": "assessment-sms",
  });

  assert.deepEqual(secrets, ["Bearer tok-123456", "tok-123456", "key-abcdef"]);
});
