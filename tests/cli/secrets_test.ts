import assert from "node:assert/strict";
import { startSandbox } from "../../src/sandbox/mod.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const ASSESSMENT_TOKEN = "asm-tok-6f1d9c2b7e";
const SMS_KEY = "sms-key-3a8e5f0c1d";

/**
 * A gateway that echoes every credential back: the first attempt of each
 * number gets a 503 quoting the headers and URL, then a 400 quoting the
 * key for one number, and a 200 for the others.
 */
function startEchoGateway() {
  const attempts = new Map<string, number>();
  return Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const body = await request.json();
      const count = (attempts.get(body.to) ?? 0) + 1;
      attempts.set(body.to, count);
      const echoed = `${request.url} ${[...request.headers].join(" ")}`;
      if (count === 1) {
        return Response.json({ error: `busy: ${echoed}` }, { status: 503 });
      }
      if (body.to === "+97688112233") {
        return Response.json(
          { error: `Invalid key ${request.headers.get("x-api-key")}` },
          { status: 400, headers: { "X-Echo": SMS_KEY } },
        );
      }
      return Response.json({ status: "ok", message_id: `m-${count}` });
    },
  );
}

function configText(sandboxUrl: string, gatewayPort: number): string {
  return `
assessment_api:
  url: "${sandboxUrl}/api/assessments"
  headers:
    Authorization: Bearer \${ASSESS_TOKEN}
  body: { phone: "{phone}" }
  response: { link: data.link, id: data.id }
  honours_idempotency_key: true
sms_api:
  url: "http://127.0.0.1:${gatewayPort}/send?api_key=\${SMS_KEY}"
  headers:
    X-Api-Key: \${SMS_KEY}
  body: { to: "{phone}", text: "{message}" }
  response: { message_id: message_id }
  success: { field: status, equals: ok }
  honours_idempotency_key: true
message_template: "Тест {link}"
assessment: { respondent_id: "qa", type_ids: [1] }
processing: { retry_delay_seconds: 0.01, retry_attempts: 2 }
`;
}

async function filesUnder(dir: string): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) paths.push(...await filesUnder(path));
    else paths.push(path);
  }
  return paths;
}

Deno.test("secrets never reach output, reports or journal", async () => {
  const sandbox = await startSandbox({
    port: 0,
    assessmentToken: ASSESSMENT_TOKEN,
  });
  const gateway = startEchoGateway();
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-secrets-" });
  try {
    await Deno.writeTextFile(
      `${dir}/config.yml`,
      configText(sandbox.url, gateway.addr.port),
    );
    await Deno.writeTextFile(
      `${dir}/numbers.csv`,
      "phone,name\n99112233,Бат\n88112233,Дорж\n",
    );
    const outputs: string[] = [];
    for (const format of ["json", "csv"]) {
      const result = await new Deno.Command("deno", {
        args: [
          "run",
          "--no-prompt",
          `--allow-net=127.0.0.1:${sandbox.port},127.0.0.1:${gateway.addr.port}`,
          "--allow-read=.",
          "--allow-write=reports",
          "--allow-env=ASSESS_TOKEN,SMS_KEY",
          MAIN,
          "send",
          "numbers.csv",
          "--config",
          "config.yml",
          "--verbose",
          "--output-format",
          format,
          "--debug",
        ],
        cwd: dir,
        env: { ASSESS_TOKEN: ASSESSMENT_TOKEN, SMS_KEY, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      assert.equal(result.code, 1, decoder.decode(result.stderr));
      outputs.push(
        decoder.decode(result.stdout),
        decoder.decode(result.stderr),
      );
    }

    const files = await filesUnder(`${dir}/reports`);
    assert.ok(files.some((path) => path.endsWith(".journal.jsonl")));
    assert.ok(files.some((path) => path.endsWith(".json")));
    assert.ok(files.some((path) => path.endsWith(".csv")));
    for (const path of files) outputs.push(await Deno.readTextFile(path));
    const everything = outputs.join("\n");
    assert.ok(everything.includes("Invalid key [redacted]"), everything);
    for (const secret of [ASSESSMENT_TOKEN, SMS_KEY]) {
      assert.equal(everything.includes(secret), false, `${secret} leaked`);
    }
  } finally {
    await gateway.shutdown();
    await sandbox.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report and journal files are private", async () => {
  const sandbox = await startSandbox({ port: 0 });
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-modes-" });
  try {
    const { configFor } = await import("./send_harness.ts");
    await Deno.writeTextFile(
      `${dir}/config.yml`,
      configFor("").replaceAll("{url}", sandbox.url),
    );
    await Deno.writeTextFile(`${dir}/numbers.txt`, "99112233\n70112233\n");
    const result = await new Deno.Command("deno", {
      args: [
        "run",
        "--no-prompt",
        `--allow-net=127.0.0.1:${sandbox.port}`,
        "--allow-read=.",
        "--allow-write=reports",
        MAIN,
        "send",
        "numbers.txt",
        "--config",
        "config.yml",
        "--output-format",
        "csv",
      ],
      cwd: dir,
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(result.code, 1, new TextDecoder().decode(result.stderr));

    const files = await filesUnder(`${dir}/reports`);
    const written = files.filter((path) => !path.endsWith(".lock"));
    assert.equal(written.length, 2, files.join(", "));
    for (const path of written) {
      const mode = (await Deno.stat(path)).mode! & 0o777;
      assert.equal(mode.toString(8), "600", path);
    }
  } finally {
    await sandbox.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
