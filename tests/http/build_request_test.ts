import assert from "node:assert/strict";
import { buildRequest } from "../../src/http/build_request.ts";
import type { PlaceholderValue } from "../../src/message/template.ts";
import { apiOf } from "./fixtures.ts";

const VALUES = new Map<string, PlaceholderValue>([
  ["phone", "+97699112233"],
  ["respondent_id", "qa team/1"],
  ["type_ids", [1, 2]],
  ["expires_in_days", 7],
  ["message", "Сайн уу & тест"],
]);

const OPTIONS = {
  idempotencyKey: "run1-sms-abc",
  signal: new AbortController().signal,
};

const BODY = {
  to: "{phone}",
  type_ids: "{type_ids}",
  days: "{expires_in_days}",
  text: "{message}",
  label: "ids {type_ids}",
  fixed: 5,
};

Deno.test("buildRequest sends a JSON body with typed fields", async () => {
  const request = buildRequest(
    apiOf({ url: "http://127.0.0.1:8080/send", body: BODY }),
    VALUES,
    OPTIONS,
  );

  assert.equal(request.method, "POST");
  assert.equal(request.url, "http://127.0.0.1:8080/send");
  assert.equal(request.headers.get("Content-Type"), "application/json");
  assert.equal(request.headers.get("Accept"), "application/json");
  assert.deepEqual(await request.json(), {
    to: "+97699112233",
    type_ids: [1, 2],
    days: 7,
    text: "Сайн уу & тест",
    label: "ids 1,2",
    fixed: 5,
  });
});

Deno.test("buildRequest renders nested JSON fields", async () => {
  const body = { meta: { ids: ["{type_ids}", "{phone}"] }, none: null };
  const request = buildRequest(apiOf({ body }), VALUES, OPTIONS);

  assert.deepEqual(await request.json(), {
    meta: { ids: [[1, 2], "+97699112233"] },
    none: null,
  });
});

Deno.test("buildRequest sends a form body", async () => {
  const request = buildRequest(
    apiOf({ body_format: "form", body: BODY }),
    VALUES,
    OPTIONS,
  );

  assert.equal(
    request.headers.get("Content-Type"),
    "application/x-www-form-urlencoded",
  );
  const form = new URLSearchParams(await request.text());
  assert.equal(form.get("to"), "+97699112233");
  assert.equal(form.get("type_ids"), "1,2");
  assert.equal(form.get("days"), "7");
  assert.equal(form.get("text"), "Сайн уу & тест");
  assert.equal(form.get("fixed"), "5");
});

Deno.test("buildRequest puts a query body in the URL", async () => {
  const request = buildRequest(
    apiOf({
      url: "http://127.0.0.1:8080/send?from=QA",
      body_format: "query",
      body: { to: "{phone}", text: "{message}" },
    }),
    VALUES,
    OPTIONS,
  );
  const url = new URL(request.url);

  assert.equal(request.method, "POST");
  assert.equal(url.searchParams.get("from"), "QA");
  assert.equal(url.searchParams.get("to"), "+97699112233");
  assert.equal(url.searchParams.get("text"), "Сайн уу & тест");
  assert.equal(request.body, null);
  assert.equal(await request.text(), "");
  assert.equal(request.headers.has("Content-Type"), false);
});

Deno.test("buildRequest puts GET fields in the query", () => {
  const request = buildRequest(
    apiOf({ method: "GET", body: { to: "{phone}", ids: "{type_ids}" } }),
    VALUES,
    OPTIONS,
  );
  const url = new URL(request.url);

  assert.equal(request.method, "GET");
  assert.equal(url.searchParams.get("to"), "+97699112233");
  assert.equal(url.searchParams.get("ids"), "1,2");
  assert.equal(request.body, null);
});

Deno.test("buildRequest sets Idempotency-Key except on GET", () => {
  for (const method of ["POST", "PUT", "PATCH"] as const) {
    const request = buildRequest(apiOf({ method }), VALUES, OPTIONS);

    assert.equal(request.headers.get("Idempotency-Key"), "run1-sms-abc");
  }
  const get = buildRequest(apiOf({ method: "GET" }), VALUES, OPTIONS);

  assert.equal(get.headers.has("Idempotency-Key"), false);
});

Deno.test("buildRequest encodes placeholders in the URL", () => {
  const request = buildRequest(
    apiOf({
      url: "http://127.0.0.1:8080/r/{respondent_id}/p/{phone}?ids={type_ids}",
    }),
    VALUES,
    OPTIONS,
  );

  assert.equal(
    request.url,
    "http://127.0.0.1:8080/r/qa%20team%2F1/p/%2B97699112233?ids=1%2C2",
  );
});

Deno.test("buildRequest renders header templates", () => {
  const request = buildRequest(
    apiOf({ headers: { "X-Respondent": "{respondent_id}", "X-Key": "k1" } }),
    VALUES,
    OPTIONS,
  );

  assert.equal(request.headers.get("X-Respondent"), "qa team/1");
  assert.equal(request.headers.get("X-Key"), "k1");
});

Deno.test("buildRequest passes the abort signal", () => {
  const controller = new AbortController();
  const request = buildRequest(apiOf(), VALUES, {
    idempotencyKey: "k",
    signal: controller.signal,
  });
  controller.abort();

  assert.equal(request.signal.aborted, true);
});

Deno.test("buildRequest throws for a missing value", () => {
  assert.throws(
    () => buildRequest(apiOf({ body: { x: "{city}" } }), VALUES, OPTIONS),
    { name: "MissingValueError", placeholder: "city" },
  );
});
