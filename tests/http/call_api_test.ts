import assert from "node:assert/strict";
import { callApi, type CallApiOptions } from "../../src/http/call_api.ts";
import {
  HttpError,
  InvalidRequestError,
  NetworkError,
  RejectedAnswerError,
  RequestTimeoutError,
} from "../../src/http/errors.ts";
import type { PlaceholderValue } from "../../src/message/template.ts";
import { apiOf, closedPort, json, startServer } from "./fixtures.ts";

const VALUES = new Map<string, PlaceholderValue>([
  ["phone", "+97699112233"],
  ["message", "Тест"],
]);

const SECRET = "tok-secret-123456";

/** Options of one call, with a fresh signal that is never aborted. */
function options(overrides: Partial<CallApiOptions> = {}): CallApiOptions {
  return {
    name: "SMS API",
    idempotencyKey: "run1-sms-abc",
    signal: new AbortController().signal,
    secrets: [SECRET],
    ...overrides,
  };
}

Deno.test("callApi returns a 2xx answer and sends the request", async () => {
  await using server = startServer(() => json({ message_id: "m-1" }, 201));
  const api = apiOf({
    url: `${server.url}/send`,
    headers: { "X-Api-Key": SECRET },
    body: { to: "{phone}", text: "{message}" },
  });

  const answer = await callApi(api, VALUES, options());

  assert.deepEqual(answer, { status: 201, body: { message_id: "m-1" } });
  assert.equal(server.requests.length, 1);
  const [received] = server.requests;
  assert.equal(received?.method, "POST");
  assert.equal(received?.url.pathname, "/send");
  assert.equal(received?.headers.get("Idempotency-Key"), "run1-sms-abc");
  assert.equal(received?.headers.get("X-Api-Key"), SECRET);
  assert.deepEqual(JSON.parse(received?.body ?? ""), {
    to: "+97699112233",
    text: "Тест",
  });
});

Deno.test("callApi accepts a 2xx answer that is not JSON", async () => {
  await using server = startServer(() => new Response("queued"));
  const api = apiOf({ url: server.url });

  const answer = await callApi(api, VALUES, options());

  assert.deepEqual(answer, { status: 200, body: undefined });
});

Deno.test("callApi takes the reason of a 4xx from the body", async () => {
  await using server = startServer(() =>
    json({ error: "  phone is not a mobile number  " }, 422)
  );
  const api = apiOf({ url: server.url });
  const host = new URL(server.url).host;

  await assert.rejects(callApi(api, VALUES, options()), (error) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 422);
    assert.equal(error.reason, "phone is not a mobile number");
    assert.equal(error.arrival, "no");
    assert.equal(error.retryAfterMs, undefined);
    assert.equal(
      error.message,
      `SMS API POST ${host}: 422 phone is not a mobile number`,
    );
    return true;
  });
});

Deno.test("callApi reads the reason at error_field", async () => {
  await using server = startServer(() =>
    json({ message: "generic", errors: { detail: "balance too low" } }, 402)
  );
  const api = apiOf({ url: server.url, error_field: "errors.detail" });

  await assert.rejects(
    callApi(api, VALUES, options()),
    { name: "HttpError", status: 402, reason: "balance too low" },
  );
});

Deno.test("callApi falls back to the status text", async () => {
  await using server = startServer(() =>
    new Response("<html>oops</html>", { status: 502 })
  );
  const api = apiOf({ url: server.url });

  await assert.rejects(callApi(api, VALUES, options()), (error) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 502);
    assert.equal(error.reason, "Bad Gateway");
    assert.equal(error.arrival, "maybe");
    return true;
  });
});

Deno.test("callApi reads Retry-After seconds on 429", async () => {
  await using server = startServer(() =>
    json({ error: "slow down" }, 429, { "Retry-After": "7" })
  );
  const api = apiOf({ url: server.url });

  await assert.rejects(callApi(api, VALUES, options()), (error) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 7000);
    assert.equal(error.arrival, "no");
    return true;
  });
});

Deno.test("callApi reads Retry-After as an HTTP-date", async () => {
  const later = new Date(Date.now() + 60_000).toUTCString();
  await using server = startServer(() =>
    json({ error: "slow down" }, 429, { "Retry-After": later })
  );
  const api = apiOf({ url: server.url });

  await assert.rejects(callApi(api, VALUES, options()), (error) => {
    assert.ok(error instanceof HttpError);
    assert.ok(error.retryAfterMs !== undefined);
    // The date has whole seconds, so up to one second is lost to rounding.
    assert.ok(error.retryAfterMs > 58_000, `${error.retryAfterMs}`);
    assert.ok(error.retryAfterMs <= 60_000, `${error.retryAfterMs}`);
    return true;
  });
});

Deno.test("callApi applies the success rule to a 200 body", async () => {
  await using server = startServer(() =>
    json({ status: "error", error: "insufficient balance" })
  );
  const api = apiOf({
    url: server.url,
    success: { field: "status", equals: "ok" },
  });
  const host = new URL(server.url).host;

  await assert.rejects(callApi(api, VALUES, options()), (error) => {
    assert.ok(error instanceof RejectedAnswerError);
    assert.equal(error.status, 200);
    assert.equal(error.reason, "insufficient balance");
    assert.equal(error.arrival, "no");
    assert.equal(
      error.message,
      `SMS API POST ${host}: 200 with an error in the body: insufficient balance`,
    );
    return true;
  });
});

Deno.test("callApi describes a failed rule without a reason", async () => {
  await using server = startServer((_request, index) =>
    index === 0 ? json({ status: "queued" }) : json({ id: 1 })
  );
  const api = apiOf({
    url: server.url,
    success: { field: "status", equals: "ok" },
  });

  await assert.rejects(callApi(api, VALUES, options()), {
    name: "RejectedAnswerError",
    reason: 'status is "queued", expected "ok"',
  });
  await assert.rejects(callApi(api, VALUES, options()), {
    name: "RejectedAnswerError",
    reason: 'status is missing, expected "ok"',
  });
});

Deno.test("callApi passes a body that meets the success rule", async () => {
  await using server = startServer(() => json({ code: 0, id: "m-2" }));
  const api = apiOf({ url: server.url, success: { field: "code", equals: 0 } });

  const answer = await callApi(api, VALUES, options());

  assert.deepEqual(answer.body, { code: 0, id: "m-2" });
});

Deno.test("callApi times out a slow answer", async () => {
  await using server = startServer(async (_request, _index, released) => {
    await released;
    return json({ late: true });
  });
  const api = apiOf({ url: server.url, timeout_seconds: 0.2 });
  const started = performance.now();
  const host = new URL(server.url).host;

  await assert.rejects(callApi(api, VALUES, options()), (error) => {
    assert.ok(error instanceof RequestTimeoutError);
    assert.equal(error.arrival, "maybe");
    assert.equal(
      error.message,
      `SMS API POST ${host}: no answer within 0.2 s (timed out)`,
    );
    return true;
  });
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 190, `${elapsed} ms`);
  assert.ok(elapsed < 2000, `${elapsed} ms`);
});

Deno.test("callApi marks a refused connection unreachable", async () => {
  const port = await closedPort();
  const api = apiOf({ url: `http://127.0.0.1:${port}/send` });

  await assert.rejects(callApi(api, VALUES, options()), (error) => {
    assert.ok(error instanceof NetworkError);
    assert.equal(error.unreachable, true);
    assert.equal(error.arrival, "no");
    assert.equal(
      error.message,
      `SMS API POST 127.0.0.1:${port}: connection refused`,
    );
    return true;
  });
});

Deno.test("callApi redacts secrets from reasons", async () => {
  await using server = startServer((_request, index) =>
    index === 0
      ? json({ error: `token ${SECRET} is revoked` }, 401)
      : json({ status: "fail", message: `key ${SECRET} over quota` })
  );
  const api = apiOf({ url: server.url });
  const ruled = apiOf({
    url: server.url,
    success: { field: "status", equals: "ok" },
  });

  await assert.rejects(callApi(api, VALUES, options()), (error) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.reason, "token [redacted] is revoked");
    assert.equal(error.message.includes(SECRET), false);
    return true;
  });
  await assert.rejects(callApi(ruled, VALUES, options()), (error) => {
    assert.ok(error instanceof RejectedAnswerError);
    assert.equal(error.reason, "key [redacted] over quota");
    assert.equal(error.message.includes(SECRET), false);
    return true;
  });
});

Deno.test("callApi rethrows the reason of an aborted run", async () => {
  await using server = startServer(async (_request, _index, released) => {
    await released;
    return json({});
  });
  const controller = new AbortController();
  const reason = new Error("run cancelled");
  const api = apiOf({ url: server.url });

  const call = callApi(api, VALUES, options({ signal: controller.signal }));
  setTimeout(() => controller.abort(reason), 50);

  await assert.rejects(call, (error) => error === reason);
});

Deno.test("callApi fails a request fetch cannot send", async () => {
  const api = apiOf({
    url: "http://127.0.0.1:9/send",
    headers: { "X-Note": "{name}" },
  });

  const error = await callApi(api, new Map([["name", "Бат"]]), {
    name: "SMS API",
    idempotencyKey: "k-1",
    signal: new AbortController().signal,
    secrets: [],
  }).catch((reason) => reason);

  assert.ok(error instanceof InvalidRequestError, String(error));
  assert.equal(error.arrival, "no");
  assert.match(error.message, /the request could not be sent/);
});
