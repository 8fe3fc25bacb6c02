import assert from "node:assert/strict";
import { ConfigError } from "../../src/config/config_error.ts";

Deno.test("ConfigError lists one problem", () => {
  const error = new ConfigError("config.yml", [
    { path: "sms_api.url", line: 12, message: "invalid URL" },
  ]);

  assert.equal(error.name, "ConfigError");
  assert.equal(
    error.message,
    'Invalid configuration "config.yml": 1 problem\n' +
      "  config.yml:12: sms_api.url: invalid URL",
  );
});

Deno.test("ConfigError lists problems without line or path", () => {
  const problems = [
    { path: "", line: 3, message: "invalid YAML at column 1: bad" },
    { path: "assessment", message: "missing" },
    { path: "", message: "file not found" },
  ];
  const error = new ConfigError("c.yml", problems);

  assert.equal(
    error.message,
    'Invalid configuration "c.yml": 3 problems\n' +
      "  c.yml:3: invalid YAML at column 1: bad\n" +
      "  assessment: missing\n" +
      "  file not found",
  );
  assert.deepEqual(error.problems, problems);
});
