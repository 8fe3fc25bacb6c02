import assert from "node:assert/strict";
import { configFor } from "./send_harness.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

async function dryRunWithStdin(content: string) {
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-stdin-" });
  try {
    await Deno.writeTextFile(
      `${dir}/config.yml`,
      configFor("").replaceAll("{url}", "http://127.0.0.1:9"),
    );
    const child = new Deno.Command("deno", {
      args: [
        "run",
        "--no-prompt",
        "--allow-read=config.yml",
        MAIN,
        "send",
        "-",
        "--config",
        "config.yml",
        "--dry-run",
        "--quiet",
      ],
      cwd: dir,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(content));
    await writer.close();
    const result = await child.output();
    const decoder = new TextDecoder();
    return {
      code: result.code,
      stdout: decoder.decode(result.stdout),
      stderr: decoder.decode(result.stderr),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("send reads numbers from standard input", async () => {
  const run = await dryRunWithStdin("99112233\n88112233\n");

  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /2 total, 0 sent, 0 failed, 0 unknown, 2 skipped/);
});

Deno.test("send refuses empty standard input", async () => {
  const run = await dryRunWithStdin("# nothing today\n");

  assert.equal(run.code, 2);
  assert.match(run.stderr, /The input contains no phone numbers/);
});
