import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigError } from "../../src/config/config_error.ts";
import { loadConfig, parseConfig } from "../../src/config/load_config.ts";
import { configWith, envOf, MINIMAL_CONFIG, TOKEN_ENV } from "./fixtures.ts";

/** Runs `parseConfig` and returns the ConfigError it must throw. */
function configErrorOf(
  text: string,
  options: Parameters<typeof parseConfig>[2] = { readEnv: TOKEN_ENV },
): ConfigError {
  try {
    parseConfig(text, "config.yml", options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${error}`);
    return error;
  }
  assert.fail("parseConfig accepted the text");
}

Deno.test("loadConfig valid file fills defaults", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "config.yml");
  await Deno.writeTextFile(path, MINIMAL_CONFIG);

  const loaded = await loadConfig(path, { readEnv: TOKEN_ENV });
  const { config } = loaded;

  assert.equal(loaded.path, path);
  assert.deepEqual(loaded.variables, ["ASSESSMENT_TOKEN"]);
  assert.equal(
    config.assessment_api.headers.Authorization,
    "Bearer tok-123456",
  );
  assert.equal(config.assessment_api.method, "POST");
  assert.equal(config.assessment_api.body_format, "json");
  assert.equal(config.assessment_api.honours_idempotency_key, false);
  assert.equal(config.assessment_api.timeout_seconds, 15);
  assert.equal(config.assessment_api.success, undefined);
  assert.deepEqual(config.sms_api.headers, {});
  assert.deepEqual(config.sms_api.response, {});
  assert.equal(config.message_template, "Тест: {link}");
  assert.deepEqual(config.assessment, {
    respondent_id: "qa-team",
    type_ids: [1, 2],
    expires_in_days: 7,
  });
  assert.deepEqual(config.processing, {
    max_concurrent: 10,
    retry_attempts: 3,
    retry_delay_seconds: 1,
    retry_max_delay_seconds: 30,
    max_sms_segments: 3,
    stop_after_auth_failures: 5,
    stop_after_unreachable: 5,
  });
  assert.deepEqual(config.safety, { allowed_numbers: [] });
  await Deno.remove(directory, { recursive: true });
});

Deno.test("parseConfig lists every problem with path and line", () => {
  const text = `assessment_api:
  url: https://assess.example.com/v1/assessments
  headers:
    Authorization: Bearer \${MISSING_TOKEN}
  response:
    link: data.link
sms_api:
  url: not a url
  body:
    to: "{phone}"
message_template: "{link}"
assessment:
  respondent_id: 0099
  type_ids: [1, "x"]
  expires_in_days: 1e3
processing:
  max_concurrent: 0
`;
  const error = configErrorOf(text, { readEnv: envOf({}) });

  assert.deepEqual(error.problems, [
    {
      path: "assessment_api.headers.Authorization",
      line: 4,
      message:
        'environment variable "MISSING_TOKEN" is not set: export it, or write ${MISSING_TOKEN:-default} in the file',
    },
    { path: "sms_api.url", line: 8, message: "invalid URL" },
    {
      path: "assessment.respondent_id",
      line: 13,
      message:
        "expected text, got the number 99: quote the value in YAML so leading zeros and exponents are kept",
    },
    {
      path: "assessment.type_ids.1",
      line: 14,
      message: "Invalid input: expected number, received string",
    },
    {
      path: "assessment.expires_in_days",
      line: 15,
      message: "Too big: expected number to be <=365",
    },
    {
      path: "processing.max_concurrent",
      line: 17,
      message: "Too small: expected number to be >=1",
    },
  ]);
  assert.equal(
    error.message.split("\n")[0],
    'Invalid configuration "config.yml": 6 problems',
  );
  assert.equal(
    error.message.split("\n")[2],
    "  config.yml:8: sms_api.url: invalid URL",
  );
});

Deno.test("parseConfig reports unknown keys at their line", () => {
  const text = configWith(
    "sms_api:\n  url: https://sms.example.com/send\n",
    "sms_api:\n  url: https://sms.example.com/send\n  colour: red\n",
  ) + "extra_section: 1\n";
  const error = configErrorOf(text);

  assert.deepEqual(error.problems, [
    { path: "sms_api", line: 12, message: 'unknown key "colour"' },
    { path: "", line: 20, message: 'unknown key "extra_section"' },
  ]);
  assert.equal(
    error.message,
    'Invalid configuration "config.yml": 2 problems\n' +
      '  config.yml:12: sms_api: unknown key "colour"\n' +
      '  config.yml:20: unknown key "extra_section"',
  );
});

Deno.test("parseConfig rejects an invalid URL", () => {
  const error = configErrorOf(
    configWith(
      "url: https://sms.example.com/send",
      "url: sms.example.com/send",
    ),
  );

  assert.deepEqual(error.problems, [
    { path: "sms_api.url", line: 11, message: "invalid URL" },
  ]);
});

Deno.test("parseConfig reports a YAML syntax error with its line", () => {
  const text = configWith("  type_ids: [1, 2]", "    type_ids: [1, 2]");
  const error = configErrorOf(text);

  assert.deepEqual(error.problems, [{
    path: "",
    line: 18,
    message: "invalid YAML at column 5: bad indentation of a mapping entry",
  }]);
  assert.equal(
    error.message,
    'Invalid configuration "config.yml": 1 problem\n' +
      "  config.yml:18: invalid YAML at column 5: bad indentation of a mapping entry",
  );
});

Deno.test("parseConfig asks to quote a number used as text", () => {
  const cases = [
    ["0099", "99"],
    ["1e3", "1000"],
    ["0097699112233", "97699112233"],
  ];
  for (const [written, read] of cases) {
    const error = configErrorOf(
      configWith('respondent_id: "qa-team"', `respondent_id: ${written}`),
    );

    assert.deepEqual(error.problems, [{
      path: "assessment.respondent_id",
      line: 17,
      message:
        `expected text, got the number ${read}: quote the value in YAML so leading zeros and exponents are kept`,
    }], `respondent_id: ${written}`);
  }
});

Deno.test("parseConfig keeps yes and no as text", () => {
  const yes = parseConfig(
    configWith('respondent_id: "qa-team"', "respondent_id: yes"),
    "config.yml",
    { readEnv: TOKEN_ENV },
  );
  const no = parseConfig(
    configWith('message_template: "Тест: {link}"', "message_template: no"),
    "config.yml",
    { readEnv: TOKEN_ENV },
  );

  assert.equal(yes.config.assessment.respondent_id, "yes");
  assert.equal(no.config.message_template, "no");
});

Deno.test("parseConfig rejects a boolean used as text", () => {
  const error = configErrorOf(
    configWith('respondent_id: "qa-team"', "respondent_id: true"),
  );

  assert.deepEqual(error.problems, [{
    path: "assessment.respondent_id",
    line: 17,
    message: "expected text, got a boolean",
  }]);
});

Deno.test("parseConfig names a missing section", () => {
  const text = MINIMAL_CONFIG.slice(0, MINIMAL_CONFIG.indexOf("assessment:"));
  const error = configErrorOf(text);

  assert.deepEqual(error.problems, [{
    path: "assessment",
    message: "missing: this key is required",
  }]);
  assert.equal(
    error.message,
    'Invalid configuration "config.yml": 1 problem\n' +
      "  assessment: missing: this key is required",
  );
});

Deno.test("parseConfig names a missing variable and its use", () => {
  const error = configErrorOf(MINIMAL_CONFIG, { readEnv: envOf({}) });

  assert.deepEqual(error.problems, [{
    path: "assessment_api.headers.Authorization",
    line: 4,
    message:
      'environment variable "ASSESSMENT_TOKEN" is not set: export it, or write ${ASSESSMENT_TOKEN:-default} in the file',
  }]);
});

Deno.test("parseConfig applies defaults and the $$ escape", () => {
  const text = configWith(
    "url: https://sms.example.com/send",
    "url: ${SMS_URL:-https://sms.example.com/send}",
  ).replace('"Тест: {link}"', '"Цена $$5: {link}"');
  const loaded = parseConfig(text, "config.yml", { readEnv: TOKEN_ENV });

  assert.equal(loaded.config.sms_api.url, "https://sms.example.com/send");
  assert.equal(loaded.config.message_template, "Цена $5: {link}");
  assert.deepEqual(loaded.variables, ["ASSESSMENT_TOKEN", "SMS_URL"]);
});

Deno.test("parseConfig names the flag for an unreadable variable", () => {
  const readEnv = (name: string): string => {
    throw new Deno.errors.NotCapable(`Requires env access to "${name}"`);
  };
  const error = configErrorOf(MINIMAL_CONFIG, { readEnv });

  assert.deepEqual(error.problems, [{
    path: "assessment_api.headers.Authorization",
    line: 4,
    message:
      'environment variable "ASSESSMENT_TOKEN" may not be read: add --allow-env=ASSESSMENT_TOKEN',
  }]);
});

Deno.test("parseConfig refuses http to a remote host", () => {
  const text = configWith(
    "url: https://sms.example.com/send",
    "url: http://sms.example.com/send",
  );
  const error = configErrorOf(text);

  assert.deepEqual(error.problems, [{
    path: "sms_api.url",
    line: 11,
    message:
      'plain HTTP to "sms.example.com" is refused: use https://, or pass --insecure-http to allow it',
  }]);
});

Deno.test("parseConfig allows http to loopback hosts", () => {
  for (const host of ["127.0.0.1:8080", "localhost", "[::1]:9000"]) {
    const text = configWith(
      "url: https://sms.example.com/send",
      `url: http://${host}/send`,
    );
    const loaded = parseConfig(text, "config.yml", { readEnv: TOKEN_ENV });

    assert.equal(loaded.config.sms_api.url, `http://${host}/send`);
  }
});

Deno.test("parseConfig allows remote http with insecureHttp", () => {
  const text = configWith(
    "url: https://sms.example.com/send",
    "url: http://sms.example.com/send",
  );
  const loaded = parseConfig(text, "config.yml", {
    readEnv: TOKEN_ENV,
    insecureHttp: true,
  });

  assert.equal(loaded.config.sms_api.url, "http://sms.example.com/send");
});

Deno.test("parseConfig rejects text that is not a mapping", () => {
  for (const text of ["- a\n- b\n", "just text\n", "null\n"]) {
    const error = configErrorOf(text);

    assert.deepEqual(error.problems, [{
      path: "",
      message: "expected a YAML mapping of sections such as sms_api:",
    }], JSON.stringify(text));
  }
});

Deno.test("parseConfig reports an empty file", () => {
  const error = configErrorOf("");

  assert.deepEqual(error.problems, [{
    path: "",
    message: "invalid YAML: expected a document, but the input is empty",
  }]);
});

Deno.test("loadConfig reports a missing file", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "config.yml");

  await assert.rejects(loadConfig(path), (error) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(
      error.message,
      `Invalid configuration "${path}": 1 problem\n` +
        "  file not found: copy config.template.yml to it, or pass --config FILE",
    );
    return true;
  });
  await Deno.remove(directory, { recursive: true });
});

Deno.test("loadConfig reports a folder given as the file", async () => {
  const directory = await Deno.makeTempDir();

  await assert.rejects(loadConfig(directory), (error) => {
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems, [{
      path: "",
      message: "it is a folder, not a file: pass the YAML file itself",
    }]);
    return true;
  });
  await Deno.remove(directory, { recursive: true });
});

Deno.test("loadConfig lists plain HTTP with schema problems", () => {
  const text = `
assessment_api:
  url: http://api.example.mn/assessments
  response: { link: data.link }
sms_api:
  url: ftp://sms.example.mn/send
message_template: "{link}"
assessment:
  respondent_id: 42
  type_ids: [1]
`;

  let message = "";
  try {
    parseConfig(text, "c.yml", { readEnv: () => undefined });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    message = error.message;
  }
  assert.match(message, /c\.yml:3: assessment_api\.url: plain HTTP/);
  assert.match(message, /c\.yml:6: sms_api\.url: unsupported scheme "ftp:"/);
  assert.match(message, /c\.yml:9: assessment\.respondent_id: expected text/);
});

Deno.test("parseConfig rejects a header name with a space", () => {
  const text = configWith(
    "    Authorization: Bearer ${ASSESSMENT_TOKEN}",
    '    "Bad Name": x',
  );
  const error = configErrorOf(text);

  assert.deepEqual(error.problems.map((p) => [p.path, p.message]), [[
    "assessment_api.headers.Bad Name",
    "header names are letters, digits and - only, without spaces",
  ]]);
});
