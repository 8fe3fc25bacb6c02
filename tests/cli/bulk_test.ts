import assert from "node:assert/strict";
import {
  configFor,
  mobileNumbers,
  openSendWorld,
  sendArgs,
} from "./send_harness.ts";

/**
 * An SMS gateway on loopback that answers each request with the next of
 * `answers` (the last one repeats) and records when each request came.
 */
function startScriptedGateway(answers: (() => Response)[]) {
  const arrivals: { at: number; key: string | null }[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      await request.body?.cancel();
      arrivals.push({
        at: performance.now(),
        key: request.headers.get("idempotency-key"),
      });
      const answer = answers[Math.min(arrivals.length, answers.length) - 1]!;
      return answer();
    },
  );
  return { server, arrivals, url: `http://127.0.0.1:${server.addr.port}` };
}

/** Points the config's SMS API at `gatewayUrl`, keeping the sandbox's. */
function withGateway(gatewayUrl: string, processing = ""): string {
  return configFor(processing).replace(
    'url: "{url}/sms/send"',
    `url: "${gatewayUrl}/sms/send"`,
  );
}

const ok = () => Response.json({ status: "ok", message_id: "m-1" });

for (
  const [form, header] of [
    ["seconds", () => "1"],
    ["HTTP-date", () => new Date(Date.now() + 2000).toUTCString()],
  ] as const
) {
  Deno.test(`send waits for Retry-After in ${form} form`, async () => {
    const gateway = startScriptedGateway([
      () =>
        Response.json({ error: "slow down" }, {
          status: 429,
          headers: { "Retry-After": header() },
        }),
      ok,
    ]);
    await using world = await openSendWorld({
      configText: withGateway(gateway.url),
    });
    try {
      const input = await world.writeInput("one.txt", ["99112233"]);

      const run = await world.run(sendArgs(input, world));

      assert.equal(run.code, 0, run.stderr);
      assert.equal(gateway.arrivals.length, 2);
      const waited = gateway.arrivals[1]!.at - gateway.arrivals[0]!.at;
      assert.ok(waited >= 1000, `retried after ${waited} ms`);
    } finally {
      await gateway.server.shutdown();
    }
  });
}

for (const status of [400, 422]) {
  Deno.test(`send does not retry a ${status}`, async () => {
    const gateway = startScriptedGateway([
      () => Response.json({ error: "Invalid sender id" }, { status }),
    ]);
    await using world = await openSendWorld({
      configText: withGateway(gateway.url),
    });
    try {
      const input = await world.writeInput("one.txt", ["99112233"]);

      const run = await world.run(sendArgs(input, world));

      assert.equal(run.code, 1, run.stderr);
      assert.equal(gateway.arrivals.length, 1);
      const report = await world.readReport(`${world.dir}/report.json`);
      assert.equal(report.records[0]!.http_status, status);
      assert.match(report.records[0]!.error_message ?? "", /Invalid sender id/);
    } finally {
      await gateway.server.shutdown();
    }
  });
}

Deno.test("send keeps the idempotency key across retries", async () => {
  await using world = await openSendWorld({
    sandbox: { faults: { sms: { failFirst: 3, errorStatus: 500 } } },
  });
  const input = await world.writeInput("one.txt", ["99112233"]);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 0, run.stderr);
  const keys = world.sandbox.requests()
    .filter((entry) => entry.endpoint === "sms")
    .map((entry) => entry.idempotencyKey);
  assert.equal(keys.length, 4);
  assert.ok(keys[0] !== null);
  assert.deepEqual(new Set(keys).size, 1);
  assert.equal(world.sandbox.outbox().length, 1);
});

Deno.test("send stops a 401 streak with exit 3", async () => {
  await using world = await openSendWorld({
    sandbox: { smsKey: "another-key-entirely" },
    processing: "max_concurrent: 10\nstop_after_auth_failures: 5",
  });
  const input = await world.writeInput("many.txt", mobileNumbers(1000));

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 3, run.stderr);
  const smsRequests = world.sandbox.requests()
    .filter((entry) => entry.endpoint === "sms").length;
  assert.ok(smsRequests < 50, `${smsRequests} SMS requests`);
  const report = await world.readReport(`${world.dir}/report.json`);
  assert.equal(report.records.length, 1000);
  assert.ok(report.summary.counts.not_attempted! > 900);
  assert.match(run.stdout, /SMS API refused 5 requests in a row with 401/);
  assert.match(run.stdout, /sms_api\.headers/);
});

Deno.test("send stops when the gateway is unreachable", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (closed.addr as Deno.NetAddr).port;
  closed.close();
  await using world = await openSendWorld({
    configText: withGateway(`http://127.0.0.1:${port}`, "max_concurrent: 4"),
  });
  const input = await world.writeInput("many.txt", mobileNumbers(200));

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stdout, /could not be reached 5 times in a row/);
  const report = await world.readReport(`${world.dir}/report.json`);
  assert.ok(report.summary.counts.not_attempted! > 150);
});

Deno.test("send keeps the rate limit in every window", async () => {
  await using world = await openSendWorld({
    processing: "max_concurrent: 50\nrate_limit_per_second: 100",
  });
  const input = await world.writeInput("many.txt", mobileNumbers(200));

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 0, run.stderr);
  const times = world.sandbox.outbox()
    .map((sms) => Date.parse(sms.received_at))
    .sort((a, b) => a - b);
  assert.equal(times.length, 200);
  let busiest = 0;
  for (let i = 0; i < times.length; i++) {
    let j = i;
    while (j < times.length && times[j]! < times[i]! + 1000) j++;
    busiest = Math.max(busiest, j - i);
  }
  assert.ok(busiest <= 100, `${busiest} SMS in one second`);
  const rate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
  assert.ok(rate > 90, `overall ${rate.toFixed(1)}/s`);
  assert.ok(rate <= 101, `overall ${rate.toFixed(1)}/s`);
});

Deno.test("send retries dropped and hung requests", async () => {
  await using world = await openSendWorld({
    sandbox: {
      seed: 7,
      faults: { sms: { dropRate: 0.3, hangRate: 0.2 } },
    },
    processing: "retry_attempts: 12\nmax_concurrent: 10",
    configText: configFor("retry_attempts: 12\nmax_concurrent: 10")
      .replaceAll("timeout_seconds: 5", "timeout_seconds: 0.3"),
  });
  const numbers = mobileNumbers(20);
  const input = await world.writeInput("twenty.txt", numbers);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 0, run.stderr);
  const stats = world.sandbox.stats();
  assert.ok(stats.faults.drop > 0, "no connection was dropped");
  assert.ok(stats.faults.hang > 0, "no request hung");
  const recipients = world.sandbox.outbox().map((sms) => sms.to).sort();
  assert.deepEqual(recipients, numbers.map((n) => `+976${n}`).sort());
});

Deno.test("send fails a 200 whose body holds an error", async () => {
  await using world = await openSendWorld({
    sandbox: { faults: { sms: { errorBodyRate: 1 } } },
  });
  const input = await world.writeInput("one.txt", ["99112233"]);

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 1, run.stderr);
  const report = await world.readReport(`${world.dir}/report.json`);
  assert.equal(report.records[0]!.status, "failed");
  assert.equal(report.records[0]!.http_status, 200);
  assert.match(
    report.records[0]!.error_message ?? "",
    /Injected gateway error/,
  );
});

Deno.test("send makes one request per attempt without keys", async () => {
  await using world = await openSendWorld({
    sandbox: {
      ignoreIdempotencyKeys: true,
      faults: {
        assessment: { loseResponseRate: 0.3 },
        sms: { loseResponseRate: 0.3 },
      },
    },
    configText: configFor("max_concurrent: 10").replaceAll(
      "honours_idempotency_key: true",
      "honours_idempotency_key: false",
    ),
  });
  const input = await world.writeInput("many.txt", mobileNumbers(60));

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 4, run.stderr);
  const report = await world.readReport(`${world.dir}/report.json`);
  const attempts = report.records.reduce((sum, r) => sum + r.attempts, 0);
  const received = world.sandbox.requests().filter((entry) =>
    entry.endpoint === "assessment" || entry.endpoint === "sms"
  );
  assert.equal(received.length, attempts);
  const keys = received.map((entry) => entry.idempotencyKey);
  assert.equal(new Set(keys).size, keys.length, "a request arrived twice");
});

Deno.test("send stops when real links make messages too long", async () => {
  await using world = await openSendWorld({
    configText: configFor("max_concurrent: 1\nmax_sms_segments: 1").replace(
      'message_template: "Тест {link}"',
      `message_template: "${"Тест ".repeat(6)}{link}"`,
    ),
  });
  const input = await world.writeInput("many.txt", mobileNumbers(20));

  const run = await world.run(sendArgs(input, world));

  assert.equal(run.code, 3, run.stderr);
  // The first recipient goes alone; after its link, the others are refused
  // before their assessments are created.
  assert.equal(world.sandbox.assessments().length, 1);
  assert.equal(world.sandbox.outbox().length, 0);
  assert.match(run.stdout, /too long for 3 recipients in a row/);
});

Deno.test("send keeps requests within max_concurrent", async () => {
  let inFlight = 0;
  let busiest = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      await request.body?.cancel();
      inFlight++;
      busiest = Math.max(busiest, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight--;
      return Response.json({ status: "ok", message_id: "m-1" });
    },
  );
  await using world = await openSendWorld({
    configText: withGateway(
      `http://127.0.0.1:${server.addr.port}`,
      "max_concurrent: 5",
    ),
  });
  try {
    const input = await world.writeInput("many.txt", mobileNumbers(40));

    const run = await world.run(sendArgs(input, world));

    assert.equal(run.code, 0, run.stderr);
    assert.equal(busiest, 5);
  } finally {
    await server.shutdown();
  }
});
