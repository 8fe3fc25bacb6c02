import assert from "node:assert/strict";
import { redactSecrets, secretsOfHeaders } from "../../src/http/redact.ts";

Deno.test("redactSecrets replaces every occurrence", () => {
  const text = "key abc123xyz failed; retry with abc123xyz or tok-99887766";

  assert.equal(
    redactSecrets(text, ["abc123xyz", "tok-99887766"]),
    "key [redacted] failed; retry with [redacted] or [redacted]",
  );
});

Deno.test("redactSecrets skips secrets shorter than six", () => {
  assert.equal(redactSecrets("a 12345 b", ["12345", ""]), "a 12345 b");
  assert.equal(redactSecrets("a 123456 b", ["123456"]), "a [redacted] b");
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
