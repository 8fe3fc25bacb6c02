import assert from "node:assert/strict";
import type { ConfigFile } from "../../src/config/schema.ts";
import {
  checkTransport,
  isLoopbackHost,
} from "../../src/config/transport_rule.ts";

/** Builds the part of a configuration that the rule reads. */
function configOf(assessmentUrl: string, smsUrl: string): ConfigFile {
  return {
    assessment_api: { url: assessmentUrl },
    sms_api: { url: smsUrl },
  } as ConfigFile;
}

Deno.test("isLoopbackHost accepts loopback names", () => {
  for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "[::1]"]) {
    assert.equal(isLoopbackHost(host), true, host);
  }
});

Deno.test("isLoopbackHost rejects other hosts", () => {
  const hosts = [
    "example.com",
    "128.0.0.1",
    "10.0.0.1",
    "localhost.example.com",
    "127.0.0.1.example.com",
    "[::2]",
  ];
  for (const host of hosts) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

Deno.test("checkTransport accepts https anywhere", () => {
  const config = configOf(
    "https://assess.example.com/v1",
    "https://sms.example.com/send",
  );

  assert.deepEqual(checkTransport(config, false), []);
});

Deno.test("checkTransport accepts http to loopback", () => {
  const urls = [
    "http://127.0.0.1:8080/a",
    "http://localhost/a",
    "http://[::1]:9000/a",
    "http://LOCALHOST/a",
  ];
  for (const url of urls) {
    assert.deepEqual(checkTransport(configOf(url, url), false), [], url);
  }
});

Deno.test("checkTransport refuses http to remote hosts", () => {
  const config = configOf(
    "http://assess.example.com/v1",
    "http://10.1.2.3:8080/send",
  );

  assert.deepEqual(checkTransport(config, false), [
    {
      path: "assessment_api.url",
      message:
        'plain HTTP to "assess.example.com" is refused: use https://, or pass --insecure-http to allow it',
    },
    {
      path: "sms_api.url",
      message:
        'plain HTTP to "10.1.2.3" is refused: use https://, or pass --insecure-http to allow it',
    },
  ]);
});

Deno.test("checkTransport allows remote http when insecure", () => {
  const config = configOf(
    "http://assess.example.com/v1",
    "http://sms.example.com/send",
  );

  assert.deepEqual(checkTransport(config, true), []);
});

Deno.test("checkTransport rejects other schemes", () => {
  const config = configOf(
    "ftp://assess.example.com/v1",
    "https://sms.example.com/send",
  );

  assert.deepEqual(checkTransport(config, true), [{
    path: "assessment_api.url",
    message: 'unsupported scheme "ftp:": use https://',
  }]);
});
