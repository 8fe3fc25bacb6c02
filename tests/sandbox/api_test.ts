import assert from "node:assert/strict";
import { startSandbox } from "../../src/sandbox/mod.ts";

const TOKEN = "sandbox-assessment-token";
const SMS_KEY = "sandbox-sms-key";
const PHONE = "+97699112233";

/** Sends a JSON POST and returns the status, headers and parsed body. */
async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: await response.json(),
  };
}

async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

const assessmentAuth = { authorization: `Bearer ${TOKEN}` };
const smsAuth = { "x-api-key": SMS_KEY };

Deno.test("assessment API rejects a missing or wrong bearer token", async () => {
  const sandbox = await startSandbox();

  try {
    const url = `${sandbox.url}/api/assessments`;
    const missing = await postJson(url, { phone: PHONE });
    const wrong = await postJson(url, { phone: PHONE }, {
      authorization: "Bearer nope",
    });

    assert.equal(missing.status, 401);
    assert.deepEqual(missing.body, {
      error: "Invalid or missing bearer token",
    });
    assert.equal(wrong.status, 401);
    assert.equal(sandbox.assessments().length, 0);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("SMS API rejects a missing or wrong API key", async () => {
  const sandbox = await startSandbox({ smsKey: "custom-key" });

  try {
    const url = `${sandbox.url}/sms/send`;
    const body = { to: PHONE, text: "hi" };
    const missing = await postJson(url, body);
    const wrong = await postJson(url, body, smsAuth);
    const right = await postJson(url, body, { "x-api-key": "custom-key" });

    assert.equal(missing.status, 401);
    assert.deepEqual(missing.body, {
      status: "error",
      error: "Invalid or missing API key",
    });
    assert.equal(wrong.status, 401);
    assert.equal(right.status, 200);
    assert.equal(sandbox.outbox().length, 1);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("assessment create returns a link whose page opens", async () => {
  const sandbox = await startSandbox();

  try {
    const before = Date.now();
    const created = await postJson(`${sandbox.url}/api/assessments`, {
      phone: PHONE,
      respondent_id: "qa-7",
      type_ids: [1, 2],
      expires_in_days: 3,
    }, assessmentAuth);

    assert.equal(created.status, 201);
    assert.equal(created.body.data.id, "asm_1");
    assert.match(
      created.body.data.link,
      new RegExp(`^${sandbox.url}/a/[A-Za-z0-9_-]{16,}$`),
    );
    const expiresAt = Date.parse(created.body.data.expires_at);
    const threeDays = 3 * 86_400_000;
    assert.ok(expiresAt >= before + threeDays - 1000);
    assert.ok(expiresAt <= Date.now() + threeDays + 1000);

    const page = await fetch(created.body.data.link);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(
      page.headers.get("content-type") ?? "",
      /text\/html; charset=utf-8/,
    );
    assert.match(html, /Test risk assessment/);
    assert.match(html, /asm_1/);

    const [record] = sandbox.assessments();
    assert.equal(record?.phone, PHONE);
    assert.equal(record?.respondent_id, "qa-7");
    assert.deepEqual(record?.type_ids, [1, 2]);
    assert.equal(record?.expires_in_days, 3);
    assert.equal(record?.idempotency_key, null);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("assessment default expiry is seven days", async () => {
  const sandbox = await startSandbox();

  try {
    const created = await postJson(`${sandbox.url}/api/assessments`, {
      phone: PHONE,
    }, assessmentAuth);
    const days = (Date.parse(created.body.data.expires_at) - Date.now()) /
      86_400_000;

    assert.equal(created.status, 201);
    assert.ok(days > 6.99, `expiry in ${days} days`);
    assert.ok(days <= 7, `expiry in ${days} days`);
    assert.equal(sandbox.assessments()[0]?.expires_in_days, 7);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("assessment page of an unknown token is 404", async () => {
  const sandbox = await startSandbox();

  try {
    const response = await fetch(`${sandbox.url}/a/unknown-token`);
    const html = await response.text();

    assert.equal(response.status, 404);
    assert.match(html, /not found/i);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("SMS send keeps Cyrillic text intact in the outbox", async () => {
  const sandbox = await startSandbox();

  try {
    const text = "Сайн байна уу! Үнэлгээ: http://127.0.0.1/a/x ёЁөӨүҮ";
    const sent = await postJson(`${sandbox.url}/sms/send`, {
      to: PHONE,
      text,
      from: "QA",
    }, smsAuth);
    const listed = await getJson(`${sandbox.url}/sms/outbox`);

    assert.equal(sent.status, 200);
    assert.deepEqual(sent.body, { status: "ok", message_id: "msg_1" });
    assert.equal(listed.body.messages.length, 1);
    const [message] = listed.body.messages;
    assert.equal(message.id, "msg_1");
    assert.equal(message.to, PHONE);
    assert.equal(message.text, text);
    assert.equal(message.from, "QA");
    assert.equal(message.idempotency_key, null);
    assert.ok(!Number.isNaN(Date.parse(message.received_at)));
    assert.equal(sandbox.outbox()[0]?.text, text);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("form and query bodies are read like JSON", async () => {
  const sandbox = await startSandbox();

  try {
    const text = "Тест холбоос";
    const form = new URLSearchParams({ to: PHONE, text, from: "QA" });
    const formSent = await fetch(`${sandbox.url}/sms/send`, {
      method: "POST",
      headers: smsAuth,
      body: form,
    });
    const query = new URLSearchParams({
      phone: PHONE,
      respondent_id: "42",
      type_ids: "3,4",
      expires_in_days: "2",
    });
    const queryCreated = await fetch(
      `${sandbox.url}/api/assessments?${query}`,
      { method: "POST", headers: assessmentAuth },
    );
    const formCreated = await fetch(`${sandbox.url}/api/assessments`, {
      method: "POST",
      headers: assessmentAuth,
      body: new URLSearchParams([
        ["phone", PHONE],
        ["type_ids", "5"],
        ["type_ids", "6"],
      ]),
    });

    assert.equal(formSent.status, 200);
    await formSent.body?.cancel();
    assert.equal(queryCreated.status, 201);
    await queryCreated.body?.cancel();
    assert.equal(formCreated.status, 201);
    await formCreated.body?.cancel();
    assert.equal(sandbox.outbox()[0]?.text, text);
    const [fromQuery, fromForm] = sandbox.assessments();
    assert.equal(fromQuery?.respondent_id, "42");
    assert.deepEqual(fromQuery?.type_ids, [3, 4]);
    assert.equal(fromQuery?.expires_in_days, 2);
    assert.deepEqual(fromForm?.type_ids, [5, 6]);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("invalid assessment fields get 422", async () => {
  const sandbox = await startSandbox();

  try {
    const url = `${sandbox.url}/api/assessments`;
    const cases = [
      [{}, /Missing field phone/],
      [{ phone: "99112233" }, /Invalid phone "99112233"/],
      [{ phone: PHONE, type_ids: ["x"] }, /Invalid type_ids/],
      [{ phone: PHONE, expires_in_days: 0 }, /Invalid expires_in_days 0/],
    ] as const;

    for (const [body, pattern] of cases) {
      const answer = await postJson(url, body, assessmentAuth);
      assert.equal(answer.status, 422, JSON.stringify(body));
      assert.match(answer.body.error, pattern);
    }

    const broken = await fetch(url, {
      method: "POST",
      headers: { ...assessmentAuth, "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(broken.status, 422);
    assert.match((await broken.json()).error, /^Invalid JSON body/);
    assert.equal(sandbox.assessments().length, 0);
    assert.equal(sandbox.stats().rejected.assessment, 5);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("invalid SMS fields get 400", async () => {
  const sandbox = await startSandbox();

  try {
    const url = `${sandbox.url}/sms/send`;
    const cases = [
      [{ text: "hi" }, /Missing field to/],
      [{ to: "+976", text: "hi" }, /Invalid to "\+976"/],
      [{ to: PHONE }, /Missing field text/],
      [{ to: PHONE, text: "   " }, /Missing field text/],
      [{ to: PHONE, text: "hi", from: 5 }, /Invalid from 5/],
    ] as const;

    for (const [body, pattern] of cases) {
      const answer = await postJson(url, body, smsAuth);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.status, "error");
      assert.match(answer.body.error, pattern);
    }

    assert.equal(sandbox.outbox().length, 0);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("repeated idempotency key replays the stored answer", async () => {
  const sandbox = await startSandbox();

  try {
    const headers = { ...smsAuth, "idempotency-key": "key-1" };
    const body = { to: PHONE, text: "hi" };
    const first = await postJson(`${sandbox.url}/sms/send`, body, headers);
    const second = await postJson(`${sandbox.url}/sms/send`, body, headers);
    const createHeaders = { ...assessmentAuth, "idempotency-key": "key-1" };
    const url = `${sandbox.url}/api/assessments`;
    const created = await postJson(url, { phone: PHONE }, createHeaders);
    const again = await postJson(url, { phone: PHONE }, createHeaders);

    assert.equal(first.status, 200);
    assert.equal(first.headers.get("idempotent-replayed"), null);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(second.body, first.body);
    assert.equal(sandbox.outbox().length, 1);
    assert.equal(sandbox.outbox()[0]?.idempotency_key, "key-1");
    assert.equal(created.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(again.body, created.body);
    assert.equal(sandbox.assessments().length, 1);
    const stats = sandbox.stats();
    assert.deepEqual(stats.replays, { assessment: 1, sms: 1 });
    assert.deepEqual(stats.accepted, { assessment: 1, sms: 1 });
    assert.deepEqual(stats.requests, { assessment: 2, sms: 2 });
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("key in flight gets 409 and a failed answer is not stored", async () => {
  const sandbox = await startSandbox({ faults: { sms: { latencyMs: 150 } } });

  try {
    const headers = { ...smsAuth, "idempotency-key": "slow" };
    const url = `${sandbox.url}/sms/send`;
    const firstPromise = postJson(url, { to: PHONE, text: "hi" }, headers);
    await new Promise((resolve) => setTimeout(resolve, 50));
    sandbox.setFaults({});
    const second = await postJson(url, { to: PHONE, text: "hi" }, headers);
    const first = await firstPromise;

    assert.equal(second.status, 409);
    assert.deepEqual(second.body, {
      status: "error",
      error: "A request with this idempotency key is in progress",
    });
    assert.equal(first.status, 200);
    assert.equal(sandbox.outbox().length, 1);

    const failedHeaders = { ...smsAuth, "idempotency-key": "failed" };
    const invalid = await postJson(url, { to: PHONE }, failedHeaders);
    const valid = await postJson(url, { to: PHONE, text: "x" }, failedHeaders);
    assert.equal(invalid.status, 400);
    assert.equal(valid.status, 200);
    assert.equal(valid.headers.get("idempotent-replayed"), null);
    assert.equal(sandbox.outbox().length, 2);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("ignore mode processes repeated keys and counts them", async () => {
  const sandbox = await startSandbox({ ignoreIdempotencyKeys: true });

  try {
    const headers = { ...smsAuth, "idempotency-key": "same" };
    const url = `${sandbox.url}/sms/send`;
    const first = await postJson(url, { to: PHONE, text: "hi" }, headers);
    const second = await postJson(url, { to: PHONE, text: "hi" }, headers);

    assert.equal(first.body.message_id, "msg_1");
    assert.equal(second.body.message_id, "msg_2");
    assert.equal(second.headers.get("idempotent-replayed"), null);
    assert.equal(sandbox.outbox().length, 2);
    assert.equal(sandbox.stats().duplicateKeys.sms, 1);
    assert.equal(sandbox.stats().replays.sms, 0);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("listing of assessments shows every field", async () => {
  const sandbox = await startSandbox();

  try {
    await postJson(`${sandbox.url}/api/assessments`, { phone: PHONE }, {
      ...assessmentAuth,
      "idempotency-key": "k",
    });
    const listed = await getJson(`${sandbox.url}/api/assessments`);
    const [record] = listed.body.assessments;

    assert.equal(listed.status, 200);
    assert.deepEqual(Object.keys(record).sort(), [
      "expires_at",
      "expires_in_days",
      "id",
      "idempotency_key",
      "link",
      "phone",
      "respondent_id",
      "type_ids",
    ]);
    assert.equal(record.idempotency_key, "k");
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("unknown path is 404 and wrong method is 405", async () => {
  const sandbox = await startSandbox();

  try {
    const missing = await getJson(`${sandbox.url}/nope`);
    const wrongMethod = await fetch(`${sandbox.url}/sms/send`);
    const wrongBody = await wrongMethod.json();

    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /^Not found: "\/nope"/);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get("allow"), "POST");
    assert.match(wrongBody.error, /^Method not allowed: GET \/sms\/send/);
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("stats and request log count API requests", async () => {
  const sandbox = await startSandbox();

  try {
    const headers = { ...smsAuth, "idempotency-key": "log-key" };
    await postJson(
      `${sandbox.url}/sms/send`,
      { to: PHONE, text: "a" },
      headers,
    );
    await postJson(`${sandbox.url}/sms/send`, { to: PHONE }, smsAuth);
    const stats = await getJson(`${sandbox.url}/_sandbox/stats`);
    const log = await getJson(`${sandbox.url}/_sandbox/requests`);

    assert.deepEqual(stats.body.requests, { assessment: 0, sms: 2 });
    assert.deepEqual(stats.body.accepted, { assessment: 0, sms: 1 });
    assert.deepEqual(stats.body.rejected, { assessment: 0, sms: 1 });
    assert.equal(log.body.length, 2);
    const [sent, rejected] = log.body;
    assert.equal(sent.method, "POST");
    assert.equal(sent.path, "/sms/send");
    assert.equal(sent.endpoint, "sms");
    assert.equal(sent.idempotencyKey, "log-key");
    assert.equal(sent.status, 200);
    assert.equal(sent.outcome, "sent");
    assert.ok(!Number.isNaN(Date.parse(sent.at)));
    assert.equal(rejected.status, 400);
    assert.equal(rejected.outcome, "invalid");
  } finally {
    await sandbox.shutdown();
  }
});

Deno.test("reset clears records, keys, stats, log and faults", async () => {
  const sandbox = await startSandbox({ faults: { sms: { latencyMs: 1 } } });

  try {
    const headers = { ...smsAuth, "idempotency-key": "again" };
    const url = `${sandbox.url}/sms/send`;
    await postJson(url, { to: PHONE, text: "a" }, headers);
    await postJson(
      `${sandbox.url}/api/assessments`,
      { phone: PHONE },
      assessmentAuth,
    );
    const reset = await fetch(`${sandbox.url}/_sandbox/reset`, {
      method: "POST",
    });
    await reset.body?.cancel();

    assert.equal(reset.status, 200);
    assert.equal(sandbox.outbox().length, 0);
    assert.equal(sandbox.assessments().length, 0);
    assert.deepEqual(sandbox.stats().requests, { assessment: 0, sms: 0 });
    assert.equal(sandbox.requests().length, 0);
    assert.equal(sandbox.faults().sms?.latencyMs, 0);
    const after = await postJson(url, { to: PHONE, text: "a" }, headers);
    assert.equal(after.headers.get("idempotent-replayed"), null);
    assert.equal(after.body.message_id, "msg_1");
  } finally {
    await sandbox.shutdown();
  }
});
