import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("demo task runs the whole job and passes", async () => {
  const result = await new Deno.Command("deno", {
    args: ["task", "--quiet", "demo"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(result.stdout);
  const stderr = new TextDecoder().decode(result.stderr);

  assert.equal(result.code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, /Outbox: 7 SMS for 7 numbers reported sent/);
  assert.match(stdout, /Demo passed/);
});
