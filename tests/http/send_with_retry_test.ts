import assert from "node:assert/strict";
import { callApi } from "../../src/http/call_api.ts";
import { HttpError, NetworkError } from "../../src/http/errors.ts";
import type { RetryPolicy } from "../../src/http/retry_policy.ts";
import {
  AttemptsExhaustedError,
  type RetryEvent,
  sendWithRetry,
} from "../../src/http/send_with_retry.ts";
import { apiOf, closedPort, json, startServer } from "./fixtures.ts";

const FAST: RetryPolicy = {
  retries: 3,
  baseDelayMs: 10,
  maxDelayMs: 5000,
  retryMaybeArrived: false,
};

const VALUES = new Map([["phone", "+97699112233"]]);

/** Builds one attempt that posts to `url` with a fixed idempotency key. */
function attemptAt(url: string, signal = new AbortController().signal) {
  const api = apiOf({ url, body: { to: "{phone}" } });
  return () =>
    callApi(api, VALUES, {
      name: "SMS API",
      idempotencyKey: "run1-sms-0123abcd",
      signal,
      secrets: [],
    });
}

Deno.test("sendWithRetry succeeds after failures", async () => {
  await using server = startServer((_request, index) =>
    index < 2 ? json({ error: "busy" }, 503) : json({ message_id: "m-9" })
  );
  const events: RetryEvent[] = [];

  const result = await sendWithRetry(attemptAt(server.url), {
    policy: { ...FAST, retryMaybeArrived: true },
    signal: new AbortController().signal,
    onRetry: (event) => events.push(event),
  });

  assert.equal(result.attempts, 3);
  assert.deepEqual(result.value.body, { message_id: "m-9" });
  assert.equal(server.requests.length, 3);
  assert.deepEqual(events.map((event) => event.attempt), [1, 2]);
  assert.ok(events.every((event) => event.error instanceof HttpError));
});

Deno.test("sendWithRetry keeps the Idempotency-Key on retries", async () => {
  await using server = startServer((_request, index) =>
    index < 2 ? json({ error: "slow down" }, 429) : json({})
  );

  await sendWithRetry(attemptAt(server.url), {
    policy: FAST,
    signal: new AbortController().signal,
  });

  const keys = server.requests.map((request) =>
    request.headers.get("Idempotency-Key")
  );
  assert.deepEqual(keys, [
    "run1-sms-0123abcd",
    "run1-sms-0123abcd",
    "run1-sms-0123abcd",
  ]);
});

Deno.test("sendWithRetry waits as Retry-After asks", async () => {
  await using server = startServer((_request, index) =>
    index === 0
      ? json({ error: "slow down" }, 429, { "Retry-After": "1" })
      : json({})
  );
  const events: RetryEvent[] = [];
  const started = performance.now();

  const result = await sendWithRetry(attemptAt(server.url), {
    policy: FAST,
    signal: new AbortController().signal,
    onRetry: (event) => events.push(event),
  });

  const elapsed = performance.now() - started;
  assert.equal(result.attempts, 2);
  assert.deepEqual(events.map((event) => event.delayMs), [1000]);
  assert.ok(elapsed >= 1000, `${elapsed} ms`);
  assert.ok(elapsed < 3000, `${elapsed} ms`);
});

Deno.test("sendWithRetry stops at once on 400", async () => {
  await using server = startServer(() => json({ error: "bad phone" }, 400));
  const events: RetryEvent[] = [];

  await assert.rejects(
    sendWithRetry(attemptAt(server.url), {
      policy: { ...FAST, retryMaybeArrived: true },
      signal: new AbortController().signal,
      onRetry: (event) => events.push(event),
    }),
    (error) => {
      assert.ok(error instanceof AttemptsExhaustedError);
      assert.equal(error.attempts, 1);
      assert.equal(error.why, undefined);
      assert.ok(error.cause instanceof HttpError);
      assert.equal(error.message, error.cause.message);
      return true;
    },
  );
  assert.equal(server.requests.length, 1);
  assert.deepEqual(events, []);
});

Deno.test("sendWithRetry does not resend a maybe-arrived 5xx", async () => {
  await using server = startServer(() => json({ error: "oops" }, 500));

  await assert.rejects(
    sendWithRetry(attemptAt(server.url), {
      policy: FAST,
      signal: new AbortController().signal,
    }),
    { name: "AttemptsExhaustedError", attempts: 1 },
  );
  assert.equal(server.requests.length, 1);
});

Deno.test("sendWithRetry gives up after the last retry", async () => {
  await using server = startServer(() => json({ error: "slow down" }, 429));

  await assert.rejects(
    sendWithRetry(attemptAt(server.url), {
      policy: { ...FAST, retries: 2 },
      signal: new AbortController().signal,
    }),
    (error) => {
      assert.ok(error instanceof AttemptsExhaustedError);
      assert.equal(error.attempts, 3);
      assert.equal(error.why, undefined);
      return true;
    },
  );
  assert.equal(server.requests.length, 3);
});

Deno.test("sendWithRetry says why a long Retry-After stops it", async () => {
  await using server = startServer(() =>
    json({ error: "slow down" }, 429, { "Retry-After": "120" })
  );

  await assert.rejects(
    sendWithRetry(attemptAt(server.url), {
      policy: FAST,
      signal: new AbortController().signal,
    }),
    {
      name: "AttemptsExhaustedError",
      attempts: 1,
      why: "the server asked to wait 120 s, more than retry_max_delay_seconds",
    },
  );
  assert.equal(server.requests.length, 1);
});

Deno.test("sendWithRetry retries a refused connection", async () => {
  const port = await closedPort();

  await assert.rejects(
    sendWithRetry(attemptAt(`http://127.0.0.1:${port}/send`), {
      policy: { ...FAST, retries: 2 },
      signal: new AbortController().signal,
    }),
    (error) => {
      assert.ok(error instanceof AttemptsExhaustedError);
      assert.equal(error.attempts, 3);
      assert.ok(error.cause instanceof NetworkError);
      assert.equal(error.cause.unreachable, true);
      return true;
    },
  );
});

Deno.test("sendWithRetry stops waiting when aborted", async () => {
  await using server = startServer(() =>
    json({ error: "slow down" }, 429, { "Retry-After": "20" })
  );
  const controller = new AbortController();
  const reason = new Error("run cancelled");
  const started = performance.now();

  await assert.rejects(
    sendWithRetry(attemptAt(server.url, controller.signal), {
      policy: { ...FAST, maxDelayMs: 60_000 },
      signal: controller.signal,
      onRetry: () => setTimeout(() => controller.abort(reason), 50),
    }),
    (error) => error === reason,
  );
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 45, `${elapsed} ms`);
  assert.ok(elapsed < 1000, `${elapsed} ms`);
  assert.equal(server.requests.length, 1);
});

Deno.test("sendWithRetry makes no attempt when already aborted", async () => {
  const controller = new AbortController();
  const reason = new Error("run cancelled");
  controller.abort(reason);
  let calls = 0;

  await assert.rejects(
    sendWithRetry(() => Promise.resolve(calls++), {
      policy: FAST,
      signal: controller.signal,
    }),
    (error) => error === reason,
  );
  assert.equal(calls, 0);
});

Deno.test("sendWithRetry wraps an unexpected error once", async () => {
  let calls = 0;
  const attempt = () => {
    calls += 1;
    return Promise.reject(new TypeError("bug in the caller"));
  };

  await assert.rejects(
    sendWithRetry(attempt, {
      policy: { ...FAST, retryMaybeArrived: true },
      signal: new AbortController().signal,
    }),
    (error) => {
      assert.ok(error instanceof AttemptsExhaustedError);
      assert.equal(error.attempts, 1);
      assert.equal(error.message, "bug in the caller");
      return true;
    },
  );
  assert.equal(calls, 1);
});

Deno.test("sendWithRetry ends its wait when the run stops", async () => {
  const stop = new AbortController();
  let calls = 0;
  const failing = () => {
    calls++;
    const target = { api: "SMS API", method: "POST", host: "127.0.0.1" };
    return Promise.reject(new HttpError(target, { status: 429, reason: "x" }));
  };
  const started = performance.now();
  setTimeout(() => stop.abort(), 50);

  const error = await sendWithRetry(failing, {
    policy: { ...FAST, baseDelayMs: 10_000, maxDelayMs: 10_000 },
    signal: new AbortController().signal,
    stopRetries: stop.signal,
  }).catch((reason) => reason);

  assert.ok(error instanceof AttemptsExhaustedError);
  assert.equal(error.why, "the run is stopping");
  assert.equal(calls, 1);
  assert.ok(performance.now() - started < 2000);
});
