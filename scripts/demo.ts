/**
 * The demo: starts the sandbox on a free loopback port, runs the real
 * `send` against it on the shipped example numbers, then checks that the
 * outbox contains exactly one SMS per number reported sent, each with a link that
 * opens.
 *
 * Run with `deno task demo`.
 *
 * @module
 */
import { startSandbox } from "../src/sandbox/mod.ts";

const INPUT = "examples/numbers.txt";
const CONFIG = "examples/config.yml";
const REPORT = "reports/demo-report.json";

interface ReportFile {
  records: { phone: string | null; status: string; link: string | null }[];
}

interface Outbox {
  messages: { to: string; text: string }[];
}

const sandbox = await startSandbox({ port: 0 });
console.log(`Sandbox listening on ${sandbox.url}\n`);

// The example file contains two invalid numbers and a duplicate on purpose,
// so send exits 1 ("some recipients failed"); anything else is a failure.
const EXPECTED_EXIT_CODE = 1;
await Deno.remove(REPORT).catch(() => {});
const exitCode = await runSend(sandbox.url, sandbox.port);
if (exitCode === EXPECTED_EXIT_CODE) {
  console.log(
    `\nsend exited with code ${exitCode}: the example's invalid lines failed validation, as intended\n`,
  );
} else {
  console.log(`\nsend exited with code ${exitCode}\n`);
}

const problems = exitCode === EXPECTED_EXIT_CODE
  ? await checkOutbox(sandbox.url)
  : [`send exited with ${exitCode}, expected ${EXPECTED_EXIT_CODE}`];
await sandbox.shutdown();
if (problems.length > 0) {
  for (const problem of problems) {
    console.error(`Demo check failed: ${problem}`);
  }
  Deno.exit(1);
}
console.log("\nDemo passed: one SMS per valid number, every link opens");

async function runSend(url: string, port: number): Promise<number> {
  const command = new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      `--allow-net=127.0.0.1:${port}`,
      "--allow-read=examples,reports",
      "--allow-write=reports",
      "--allow-env=SANDBOX_URL,ASSESSMENT_API_TOKEN,SMS_API_KEY",
      "main.ts",
      "send",
      INPUT,
      "--config",
      CONFIG,
      "--output-format",
      "json",
      "--output-file",
      REPORT,
      "--journal",
      `reports/demo-${Date.now()}.journal.jsonl`,
    ],
    env: { SANDBOX_URL: url },
    stdout: "inherit",
    stderr: "inherit",
  });
  console.log(`$ assessment-sms send ${INPUT} --config ${CONFIG}\n`);
  const { code } = await command.output();
  return code;
}

async function checkOutbox(url: string): Promise<string[]> {
  const report: ReportFile = JSON.parse(await Deno.readTextFile(REPORT));
  const sent = report.records.filter((record) => record.status === "sent");
  const outbox: Outbox = await (await fetch(`${url}/sms/outbox`)).json();
  const problems: string[] = [];
  console.log(
    `Outbox: ${outbox.messages.length} SMS for ${sent.length} numbers reported sent`,
  );
  if (outbox.messages.length !== sent.length) {
    problems.push(
      `the outbox holds ${outbox.messages.length} SMS, expected ${sent.length}`,
    );
  }
  for (const record of sent) {
    const messages = outbox.messages.filter((m) => m.to === record.phone);
    if (messages.length !== 1) {
      problems.push(`${record.phone} received ${messages.length} SMS`);
      continue;
    }
    const link = /https?:\/\/\S+/.exec(messages[0]!.text)?.[0];
    const status = link === undefined ? 0 : (await openLink(link));
    console.log(`  ${record.phone}  1 SMS  link ${link} -> HTTP ${status}`);
    if (status !== 200) {
      problems.push(`the link sent to ${record.phone} did not open`);
    }
  }
  return problems;
}

async function openLink(link: string): Promise<number> {
  const response = await fetch(link);
  await response.body?.cancel();
  return response.status;
}
