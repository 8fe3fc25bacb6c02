import assert from "node:assert/strict";
import { configFor } from "../cli/send_harness.ts";

const COMPILE = new URL("../../scripts/compile.ts", import.meta.url).pathname;
const CONFIG_JSON = new URL("../../deno.json", import.meta.url).pathname;

Deno.test("compile prints a command per release target", async () => {
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-compile-" });
  try {
    const config = configFor("").replaceAll("{url}", "https://api.example.mn")
      .replace("X-Api-Key: sandbox-sms-key", "X-Api-Key: ${SMS_KEY}");
    await Deno.writeTextFile(`${dir}/config.yml`, config);

    const result = await new Deno.Command("deno", {
      args: [
        "run",
        "--no-prompt",
        `--config=${CONFIG_JSON}`,
        "--allow-read",
        "--allow-env=SMS_KEY",
        COMPILE,
        "--config",
        "config.yml",
        "--all",
        "--print",
      ],
      cwd: dir,
      env: { SMS_KEY: "key-for-the-test" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const lines = new TextDecoder().decode(result.stdout).trim().split("\n");

    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    assert.equal(lines.length, 5);
    for (const line of lines) {
      assert.match(
        line,
        /^deno compile --no-prompt --v8-flags=--max-heap-size=192 --allow-net=api\.example\.mn --allow-read=\. --allow-write=reports --allow-env=SMS_KEY --target \S+ --output dist\/assessment-sms-\S+ main\.ts$/,
      );
    }
    assert.match(lines[4]!, /x86_64-pc-windows-msvc\.exe main\.ts$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
