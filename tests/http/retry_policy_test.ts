import assert from "node:assert/strict";
import {
  HttpError,
  NetworkError,
  RejectedAnswerError,
  type RequestTarget,
  RequestTimeoutError,
  ResponseFormatError,
} from "../../src/http/errors.ts";
import {
  backoffDelay,
  decideRetry,
  isOutcomeUnknown,
  type RetryPolicy,
} from "../../src/http/retry_policy.ts";

const TARGET: RequestTarget = {
  api: "SMS API",
  method: "POST",
  host: "127.0.0.1:8080",
};

const SAFE: RetryPolicy = {
  retries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  retryMaybeArrived: false,
};

const IDEMPOTENT: RetryPolicy = { ...SAFE, retryMaybeArrived: true };

const half = () => 0.5;

function httpError(status: number, retryAfterMs?: number): HttpError {
  return new HttpError(TARGET, {
    status,
    reason: "reason",
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

Deno.test("decideRetry never retries client errors", () => {
  for (const status of [400, 401, 403, 404, 422]) {
    for (const policy of [SAFE, IDEMPOTENT]) {
      assert.deepEqual(
        decideRetry(httpError(status), 1, policy, half),
        { retry: false },
        `${status}`,
      );
    }
  }
});

Deno.test("decideRetry retries a 409 only with idempotency", () => {
  assert.deepEqual(decideRetry(httpError(409), 1, SAFE, half), {
    retry: false,
  });
  assert.equal(decideRetry(httpError(409), 1, IDEMPOTENT, half).retry, true);
});

Deno.test("decideRetry always retries 408 and 429", () => {
  for (const status of [408, 429]) {
    for (const policy of [SAFE, IDEMPOTENT]) {
      assert.deepEqual(
        decideRetry(httpError(status), 1, policy, half),
        { retry: true, delayMs: 750 },
        `${status}`,
      );
    }
  }
});

Deno.test("decideRetry retries 5xx only when idempotent", () => {
  for (const status of [500, 502, 503, 504]) {
    assert.deepEqual(
      decideRetry(httpError(status), 1, SAFE, half),
      { retry: false },
      `${status}`,
    );
    assert.deepEqual(
      decideRetry(httpError(status), 1, IDEMPOTENT, half),
      { retry: true, delayMs: 750 },
      `${status}`,
    );
  }
});

Deno.test("decideRetry never retries other 5xx", () => {
  assert.deepEqual(decideRetry(httpError(501), 1, IDEMPOTENT, half), {
    retry: false,
  });
});

Deno.test("decideRetry retries timeouts only when idempotent", () => {
  const error = new RequestTimeoutError(TARGET, 15);

  assert.deepEqual(decideRetry(error, 1, SAFE, half), { retry: false });
  assert.deepEqual(decideRetry(error, 1, IDEMPOTENT, half), {
    retry: true,
    delayMs: 750,
  });
});

Deno.test("decideRetry always retries an unreachable host", () => {
  const error = new NetworkError(TARGET, "connection refused", {
    unreachable: true,
  });

  for (const policy of [SAFE, IDEMPOTENT]) {
    assert.deepEqual(decideRetry(error, 1, policy, half), {
      retry: true,
      delayMs: 750,
    });
  }
});

Deno.test("decideRetry retries a reset only when idempotent", () => {
  const error = new NetworkError(TARGET, "connection reset", {
    unreachable: false,
  });

  assert.deepEqual(decideRetry(error, 1, SAFE, half), { retry: false });
  assert.equal(decideRetry(error, 1, IDEMPOTENT, half).retry, true);
});

Deno.test("decideRetry never retries answers or other errors", () => {
  const errors = [
    new RejectedAnswerError(TARGET, 200, "insufficient balance"),
    new ResponseFormatError(TARGET, "no link in the answer"),
    new TypeError("bug"),
    "not an error",
  ];
  for (const error of errors) {
    assert.deepEqual(decideRetry(error, 1, IDEMPOTENT, half), {
      retry: false,
    });
  }
});

Deno.test("decideRetry stops after the last retry", () => {
  const error = httpError(429);

  assert.equal(decideRetry(error, 3, SAFE, half).retry, true);
  assert.deepEqual(decideRetry(error, 4, SAFE, half), { retry: false });
  assert.deepEqual(
    decideRetry(error, 1, { ...SAFE, retries: 0 }, half),
    { retry: false },
  );
});

Deno.test("decideRetry waits as Retry-After asks", () => {
  assert.deepEqual(decideRetry(httpError(429, 5000), 1, SAFE, half), {
    retry: true,
    delayMs: 5000,
  });
  assert.deepEqual(decideRetry(httpError(503, 0), 2, IDEMPOTENT, half), {
    retry: true,
    delayMs: 0,
  });
  assert.deepEqual(decideRetry(httpError(429, 30_000), 1, SAFE, half), {
    retry: true,
    delayMs: 30_000,
  });
});

Deno.test("decideRetry gives up when Retry-After is too long", () => {
  assert.deepEqual(decideRetry(httpError(429, 90_500), 1, SAFE, half), {
    retry: false,
    why: "the server asked to wait 91 s, more than retry_max_delay_seconds",
  });
});

Deno.test("decideRetry ignores Retry-After on a refused request", () => {
  assert.deepEqual(decideRetry(httpError(400, 1000), 1, SAFE, half), {
    retry: false,
  });
});

Deno.test("backoffDelay doubles within jitter bounds", () => {
  const lowest = () => 0;
  const highest = () => 1;
  const expected = [[500, 1000], [1000, 2000], [2000, 4000], [4000, 8000]];

  expected.forEach(([low, high], index) => {
    const attempt = index + 1;
    assert.equal(
      backoffDelay(attempt, SAFE, lowest),
      low,
      `attempt ${attempt}`,
    );
    assert.equal(
      backoffDelay(attempt, SAFE, highest),
      high,
      `attempt ${attempt}`,
    );
  });
});

Deno.test("backoffDelay stays under the maximum delay", () => {
  const policy = { ...SAFE, maxDelayMs: 3000 };

  assert.equal(backoffDelay(10, policy, () => 0), 1500);
  assert.equal(backoffDelay(10, policy, () => 1), 3000);
  assert.equal(backoffDelay(1, { ...SAFE, baseDelayMs: 0 }, () => 1), 0);
});

Deno.test("backoffDelay stays within bounds with Math.random", () => {
  for (let index = 0; index < 100; index += 1) {
    const delay = backoffDelay(2, SAFE);
    assert.ok(delay >= 1000, `${delay}`);
    assert.ok(delay <= 2000, `${delay}`);
  }
});

Deno.test("isOutcomeUnknown follows arrival", () => {
  assert.equal(isOutcomeUnknown(httpError(500)), true);
  assert.equal(isOutcomeUnknown(new RequestTimeoutError(TARGET, 1)), true);
  assert.equal(
    isOutcomeUnknown(
      new NetworkError(TARGET, "reset", { unreachable: false }),
    ),
    true,
  );
  assert.equal(isOutcomeUnknown(httpError(429)), false);
  assert.equal(isOutcomeUnknown(httpError(400)), false);
  assert.equal(
    isOutcomeUnknown(
      new NetworkError(TARGET, "refused", { unreachable: true }),
    ),
    false,
  );
  assert.equal(isOutcomeUnknown(new Error("other")), false);
});
