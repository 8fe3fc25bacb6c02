import assert from "node:assert/strict";
import { type Sandbox, startSandbox } from "../../src/sandbox/mod.ts";

const PHONE = "+97699112233";
const SMS_HEADERS = {
  "content-type": "application/json",
  "x-api-key": "sandbox-sms-key",
};
const ASSESSMENT_HEADERS = {
  "content-type": "application/json",
  authorization: "Bearer sandbox-assessment-token",
};

function sendSms(
  sandbox: Sandbox,
  init: { key?: string; to?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...SMS_HEADERS };
  if (init.key !== undefined) headers["idempotency-key"] = init.key;

  return fetch(`${sandbox.url}/sms/send`, {
    method: "POST",
    headers,
    body: JSON.stringify({ to: init.to ?? PHONE, text: "Сайн уу" }),
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  });
}

function createAssessment(sandbox: Sandbox): Promise<Response> {
  return fetch(`${sandbox.url}/api/assessments`, {
    method: "POST",
    headers: ASSESSMENT_HEADERS,
    body: JSON.stringify({ phone: PHONE }),
  });
}

/** Waits until `condition` holds, failing after `timeoutMs`. */
async function waitFor(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;

  while (!condition()) {
    if (Date.now() > deadline) assert.fail("Condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

Deno.test("latency delays the answer by at least the setting", async () => {
  const sandbox = await startSandbox({ faults: { sms: { latencyMs: 120 } } });

  try {
    const started = performance.now();
    const response = await sendSms(sandbox);
    const elapsed = performance.now() - started;
    await response.body?.cancel();

    assert.equal(response.status, 200);
    assert.ok(elapsed >= 115, `answered after ${elapsed} ms`);
    const fast = performance.now();
    const assessment = await createAssessment(sandbox);
    await assessment.body?.cancel();
    assert.ok(performance.now() - fast < 100, "assessment API has no delay");
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("error rate answers 500 or 503 without processing", async () => {
  const sandbox = await startSandbox({
    faults: {
      assessment: { errorRate: 1 },
      sms: { errorRate: 1, errorStatus: 503 },
    },
  });

  try {
    const created = await createAssessment(sandbox);
    const sent = await sendSms(sandbox);

    assert.equal(created.status, 500);
    assert.deepEqual(await created.json(), { error: "Injected server error" });
    assert.equal(sent.status, 503);
    assert.deepEqual(await sent.json(), { error: "Injected server error" });
    assert.equal(sandbox.assessments().length, 0);
    assert.equal(sandbox.outbox().length, 0);
    assert.equal(sandbox.stats().faults.error, 2);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("rate limit answers 429 with Retry-After", async () => {
  const sandbox = await startSandbox({
    faults: { sms: { rateLimitRate: 1, retryAfterSeconds: 3 } },
  });

  try {
    const limited = await sendSms(sandbox);
    const body = await limited.json();

    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "3");
    assert.equal(body.status, "error");
    assert.match(body.error, /^Rate limit exceeded/);
    assert.equal(sandbox.outbox().length, 0);
    assert.equal(sandbox.stats().faults.rateLimit, 1);

    sandbox.setFaults({ sms: { rateLimitRate: 1 } });
    const defaulted = await sendSms(sandbox);
    await defaulted.body?.cancel();
    assert.equal(defaulted.headers.get("retry-after"), "1");
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("drop closes the connection without an answer", async () => {
  const sandbox = await startSandbox({ faults: { sms: { dropRate: 1 } } });

  try {
    await assert.rejects(sendSms(sandbox), isNetworkError);

    assert.equal(sandbox.outbox().length, 0);
    assert.ok(sandbox.stats().faults.drop >= 1);
    assert.equal(sandbox.requests()[0]?.outcome, "dropped");
    assert.equal(sandbox.requests()[0]?.status, null);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("hang never answers until the client times out", async () => {
  const sandbox = await startSandbox({ faults: { sms: { hangRate: 1 } } });

  try {
    const started = performance.now();
    await assert.rejects(
      sendSms(sandbox, { signal: AbortSignal.timeout(200) }),
      (error: unknown) =>
        error instanceof DOMException && error.name === "TimeoutError",
    );

    assert.ok(performance.now() - started >= 190);
    assert.equal(sandbox.outbox().length, 0);
    assert.equal(sandbox.stats().faults.hang, 1);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("lost response stores the SMS but the client sees an error", async () => {
  const sandbox = await startSandbox({
    faults: { sms: { loseResponseRate: 1 } },
  });

  try {
    await assert.rejects(sendSms(sandbox, { key: "lost-1" }), isNetworkError);

    assert.equal(sandbox.outbox().length, 1);
    assert.equal(sandbox.outbox()[0]?.idempotency_key, "lost-1");
    assert.equal(sandbox.requests()[0]?.outcome, "responseLost");
    assert.ok(sandbox.stats().faults.loseResponse >= 1);

    sandbox.setFaults({});
    const retried = await sendSms(sandbox, { key: "lost-1" });
    const body = await retried.json();
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get("idempotent-replayed"), "true");
    assert.equal(body.message_id, "msg_1");
    assert.equal(sandbox.outbox().length, 1);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("lost response also applies to assessments", async () => {
  const sandbox = await startSandbox({
    faults: { assessment: { loseResponseRate: 1 } },
  });

  try {
    await assert.rejects(createAssessment(sandbox), isNetworkError);

    assert.ok(sandbox.assessments().length >= 1);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("error body answers 200 with an error status", async () => {
  const sandbox = await startSandbox({ faults: { sms: { errorBodyRate: 1 } } });

  try {
    const response = await sendSms(sandbox, { key: "body-1" });

    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      status: "error",
      error: "Injected gateway error",
    });
    assert.equal(sandbox.outbox().length, 0);
    assert.equal(sandbox.stats().faults.errorBody, 1);

    sandbox.setFaults({});
    const retried = await sendSms(sandbox, { key: "body-1" });
    await retried.body?.cancel();
    assert.equal(retried.headers.get("idempotent-replayed"), null);
    assert.equal(sandbox.outbox().length, 1);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("fail first answers N errors and then succeeds", async () => {
  const sandbox = await startSandbox({
    faults: { sms: { failFirst: 2, errorStatus: 503 } },
  });

  try {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await sendSms(sandbox, { key: "retry-me" });
      await response.body?.cancel();
      statuses.push(response.status);
    }

    assert.deepEqual(statuses, [503, 503, 200, 200]);
    assert.equal(sandbox.outbox().length, 1);
    assert.equal(sandbox.stats().faults.failFirst, 2);
    assert.equal(sandbox.stats().replays.sms, 1);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("blacklisted number is rejected with 400", async () => {
  const sandbox = await startSandbox({
    faults: { sms: { blacklist: ["+97688001122"] } },
  });

  try {
    const blocked = await sendSms(sandbox, { to: "+97688001122" });
    const allowed = await sendSms(sandbox);
    await allowed.body?.cancel();

    assert.equal(blocked.status, 400);
    assert.deepEqual(await blocked.json(), {
      status: "error",
      error: "Number is blacklisted",
    });
    assert.equal(allowed.status, 200);
    assert.equal(sandbox.outbox().length, 1);
    assert.equal(sandbox.stats().faults.blacklist, 1);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("stats count a rejection only when sent", async () => {
  const sandbox = await startSandbox({
    faults: {
      sms: { blacklist: ["+97688001122"], failFirst: 1, errorStatus: 500 },
    },
  });

  try {
    const first = await sendSms(sandbox, { to: "+97688001122" });
    const second = await sendSms(sandbox, { to: "+97688001122" });
    await first.body?.cancel();
    await second.body?.cancel();

    assert.equal(first.status, 500);
    assert.equal(second.status, 400);
    assert.equal(sandbox.stats().faults.blacklist, 1);
    assert.equal(sandbox.stats().faults.failFirst, 1);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("fault rates follow the seed and their share", async () => {
  const statuses: number[][] = [];

  for (let run = 0; run < 2; run += 1) {
    const sandbox = await startSandbox({
      seed: 7,
      faults: { sms: { errorRate: 0.3 } },
    });

    try {
      const runStatuses: number[] = [];
      for (let request = 0; request < 200; request += 1) {
        const response = await sendSms(sandbox);
        await response.body?.cancel();
        runStatuses.push(response.status);
      }

      statuses.push(runStatuses);
    } finally {
      await sandbox.shutdown();
    }
  }

  const errors = statuses[0]?.filter((status) => status === 500).length ?? 0;
  assert.deepEqual(statuses[0], statuses[1]);
  assert.ok(errors > 35, `${errors} errors in 200`);
  assert.ok(errors < 85, `${errors} errors in 200`);
});

Deno.test("PUT faults replaces settings and rejects bad ones", async () => {
  const sandbox = await startSandbox({ faults: { sms: { errorRate: 1 } } });

  try {
    const url = `${sandbox.url}/_sandbox/faults`;
    const put = (body: unknown) =>
      fetch(url, { method: "PUT", body: JSON.stringify(body) });
    const applied = await put({
      assessment: { errorRate: 1, errorStatus: 503 },
    });
    const appliedBody = await applied.json();
    const bad = await put({ sms: { dropRate: 2 } });
    const badBody = await bad.json();
    const sent = await sendSms(sandbox);
    await sent.body?.cancel();
    const created = await createAssessment(sandbox);
    await created.body?.cancel();

    assert.equal(applied.status, 200);
    assert.equal(appliedBody.assessment.errorStatus, 503);
    assert.equal(appliedBody.sms.errorRate, 0);
    assert.equal(bad.status, 400);
    assert.equal(
      badBody.error,
      "Invalid sms fault setting dropRate: 2 must be a number from 0 to 1",
    );
    assert.equal(sent.status, 200);
    assert.equal(created.status, 503);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("shutdown ends a hung request", async () => {
  const sandbox = await startSandbox({ faults: { sms: { hangRate: 1 } } });
  const pending = sendSms(sandbox).then(
    () => "answered",
    (error: unknown) => isNetworkError(error) ? "network error" : String(error),
  );

  try {
    await waitFor(() => sandbox.stats().faults.hang === 1);
  } finally {
    await sandbox.shutdown();
  }

  assert.equal(await pending, "network error");
});

Deno.test("shutdown ends a pending latency delay", async () => {
  const sandbox = await startSandbox({
    faults: { sms: { latencyMs: 60_000 } },
  });
  const pending = sendSms(sandbox).then(
    () => "answered",
    (error: unknown) => isNetworkError(error) ? "network error" : String(error),
  );

  try {
    await waitFor(() => sandbox.stats().requests.sms === 1);
  } finally {
    await sandbox.shutdown();
  }

  assert.equal(await pending, "network error");
  assert.equal(sandbox.outbox().length, 0);
});
