/**
 * Runs `send` in-process against a sandbox on a loopback port, with the
 * output captured, for the end-to-end tests.
 *
 * @module
 */
import { runCli } from "../../src/cli/program.ts";
import type { TerminalIo } from "../../src/cli/terminal_io.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/mod.ts";
import type { SandboxOptions } from "../../src/sandbox/mod.ts";

/** Output and exit code of one in-process run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temporary folder with a sandbox and a config pointing at it. */
export interface SendWorld extends AsyncDisposable {
  dir: string;
  sandbox: Sandbox;
  configPath: string;
  /** Writes `lines` as an input file and returns its path. */
  writeInput(name: string, lines: string[]): Promise<string>;
  /** Runs the command line with `args` and captures what it prints. */
  run(args: string[]): Promise<CliRun>;
  /** Reads the JSON report written with `--output-format json`. */
  readReport(path: string): Promise<JsonReport>;
}

/** The parts of a JSON report the tests read. */
export interface JsonReport {
  records: {
    line: number;
    input: string;
    phone: string | null;
    status: string;
    stage: string | null;
    reason: string | null;
    link: string | null;
    assessment_id: string | null;
    message_id: string | null;
    attempts: number;
    error_message: string | null;
    http_status: number | null;
  }[];
  summary: {
    counts: Record<string, number>;
    skipped_by_reason: Record<string, number>;
  };
}

/** Options of {@linkcode openSendWorld}. */
export interface SendWorldOptions {
  sandbox?: SandboxOptions;
  /** Extra YAML appended to the processing section. */
  processing?: string;
  /** Replaces the whole config text; `{url}` is the sandbox URL. */
  configText?: string;
}

/** Starts a sandbox and writes a config for it into a temporary folder. */
export async function openSendWorld(
  options: SendWorldOptions = {},
): Promise<SendWorld> {
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-test-" });
  const sandbox = await startSandbox({ port: 0, ...options.sandbox });
  const configPath = `${dir}/config.yml`;
  const text = (options.configText ?? configFor(options.processing ?? ""))
    .replaceAll("{url}", sandbox.url);
  await Deno.writeTextFile(configPath, text);
  return {
    dir,
    sandbox,
    configPath,
    async writeInput(name, lines) {
      const path = `${dir}/${name}`;
      await Deno.writeTextFile(path, lines.join("\n") + "\n");
      return path;
    },
    run: (args) => runCaptured(args),
    async readReport(path) {
      return JSON.parse(await Deno.readTextFile(path));
    },
    async [Symbol.asyncDispose]() {
      await sandbox.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** A config for the sandbox; `{url}` is replaced by its URL. */
export function configFor(processing: string): string {
  return `
assessment_api:
  url: "{url}/api/assessments"
  headers:
    Authorization: Bearer sandbox-assessment-token
  body:
    phone: "{phone}"
    respondent_id: "{respondent_id}"
    type_ids: "{type_ids}"
    expires_in_days: "{expires_in_days}"
  response:
    link: data.link
    id: data.id
    expires_at: data.expires_at
  honours_idempotency_key: true
  timeout_seconds: 5
sms_api:
  url: "{url}/sms/send"
  headers:
    X-Api-Key: sandbox-sms-key
  body:
    to: "{phone}"
    text: "{message}"
  response:
    message_id: message_id
  success:
    field: status
    equals: ok
  honours_idempotency_key: true
  timeout_seconds: 5
message_template: "Тест {link}"
assessment:
  respondent_id: "qa"
  type_ids: [1, 2]
processing:
  retry_delay_seconds: 0.05
  retry_max_delay_seconds: 2
${processing.split("\n").map((line) => `  ${line}`).join("\n")}
`;
}

/** Runs the command line in this process, capturing both streams. */
export async function runCaptured(args: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: TerminalIo = {
    stdout: { writeLine: (text) => stdout.push(text) },
    stderr: { writeLine: (text) => stderr.push(text) },
    stderrIsTerminal: false,
    colors: false,
    handleSignals: false,
  };
  const code = await runCli(args, io);
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

/** Makes `count` distinct valid mobile numbers such as `99000001`. */
export function mobileNumbers(count: number, prefix = "99"): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${prefix}${String(i + 1).padStart(6, "0")}`,
  );
}

/** Arguments of a `send` that writes its JSON report to `report.json`. */
export function sendArgs(
  input: string,
  world: { dir: string; configPath: string },
) {
  return [
    "send",
    input,
    "--config",
    world.configPath,
    "--report-dir",
    `${world.dir}/reports`,
    "--output-format",
    "json",
    "--output-file",
    `${world.dir}/report.json`,
  ];
}
