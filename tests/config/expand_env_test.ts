import assert from "node:assert/strict";
import { expandEnv } from "../../src/config/expand_env.ts";
import { envOf } from "./fixtures.ts";

Deno.test("expandEnv replaces variables in nested strings", () => {
  const tree = {
    api: { url: "https://${HOST}/v1", headers: ["Bearer ${TOKEN}"] },
    retries: 3,
    enabled: true,
    empty: null,
  };
  const result = expandEnv(
    tree,
    envOf({ HOST: "api.example.com", TOKEN: "secret-1" }),
  );

  assert.deepEqual(result.value, {
    api: { url: "https://api.example.com/v1", headers: ["Bearer secret-1"] },
    retries: 3,
    enabled: true,
    empty: null,
  });
  assert.deepEqual(result.problems, []);
  assert.deepEqual([...result.variables].sort(), ["HOST", "TOKEN"]);
});

Deno.test("expandEnv uses the default when unset or empty", () => {
  const tree = { a: "${UNSET:-fallback}", b: "${EMPTY:-fallback}" };
  const result = expandEnv(tree, envOf({ EMPTY: "" }));

  assert.deepEqual(result.value, { a: "fallback", b: "fallback" });
  assert.deepEqual(result.problems, []);
  assert.deepEqual([...result.variables].sort(), ["EMPTY", "UNSET"]);
});

Deno.test("expandEnv prefers a set value to the default", () => {
  const result = expandEnv({ a: "${SET:-fallback}" }, envOf({ SET: "real" }));

  assert.deepEqual(result.value, { a: "real" });
});

Deno.test("expandEnv allows an empty default", () => {
  const result = expandEnv({ a: "x${UNSET:-}y" }, envOf({}));

  assert.deepEqual(result.value, { a: "xy" });
  assert.deepEqual(result.problems, []);
});

Deno.test("expandEnv keeps an empty set value without default", () => {
  const result = expandEnv({ a: "[${EMPTY}]" }, envOf({ EMPTY: "" }));

  assert.deepEqual(result.value, { a: "[]" });
  assert.deepEqual(result.problems, []);
});

Deno.test("expandEnv turns $$ into a literal dollar", () => {
  const result = expandEnv(
    { a: "$${HOME}", b: "cost $$5", c: "$$$${X}", d: "a $ b" },
    envOf({ X: "x" }),
  );

  assert.deepEqual(result.value, {
    a: "${HOME}",
    b: "cost $5",
    c: "$${X}",
    d: "a $ b",
  });
  assert.deepEqual([...result.variables], []);
});

Deno.test("expandEnv names a missing variable and its path", () => {
  const tree = {
    sms_api: { headers: { "X-Api-Key": "${SMS_KEY}" } },
    list: ["ok", "${SMS_KEY}"],
  };
  const result = expandEnv(tree, envOf({}));

  assert.deepEqual(result.problems, [
    {
      path: "sms_api.headers.X-Api-Key",
      message:
        'environment variable "SMS_KEY" is not set: export it, or write ${SMS_KEY:-default} in the file',
    },
    {
      path: "list.1",
      message:
        'environment variable "SMS_KEY" is not set: export it, or write ${SMS_KEY:-default} in the file',
    },
  ]);
  assert.deepEqual(result.value, {
    sms_api: { headers: { "X-Api-Key": "${SMS_KEY}" } },
    list: ["ok", "${SMS_KEY}"],
  });
});

Deno.test("expandEnv reports a variable once per value", () => {
  const result = expandEnv({ a: "${X}-${X}" }, envOf({}));

  assert.equal(result.problems.length, 1);
});

Deno.test("expandEnv names the flag for an unreadable variable", () => {
  const asked: string[] = [];
  const readEnv = (name: string): string => {
    asked.push(name);
    throw new Deno.errors.NotCapable(`Requires env access to "${name}"`);
  };
  const result = expandEnv({ api: { token: "${API_TOKEN}" } }, readEnv);

  assert.deepEqual(asked, ["API_TOKEN"]);
  assert.deepEqual(result.problems, [{
    path: "api.token",
    message:
      'environment variable "API_TOKEN" may not be read: add --allow-env=API_TOKEN',
  }]);
});

Deno.test("expandEnv rethrows other reader failures", () => {
  const readEnv = (): string => {
    throw new RangeError("reader broke");
  };

  assert.throws(() => expandEnv({ a: "${X}" }, readEnv), RangeError);
});

Deno.test("expandEnv leaves malformed references alone", () => {
  const text = "${1ABC} ${} $NAME ${A-B}";
  const result = expandEnv({ a: text }, envOf({ NAME: "n" }));

  assert.deepEqual(result.value, { a: text });
  assert.deepEqual(result.problems, []);
});
