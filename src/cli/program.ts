/**
 * The `assessment-sms` command line: its commands, options and help. The
 * `send` command's work is imported only when it runs, so `--help` stays
 * instant.
 *
 * @module
 */
import { Command, CommanderError, Option } from "commander";
import denoJson from "../../deno.json" with { type: "json" };
import { EXIT } from "./exit_codes.ts";
import { idList, integerIn, nonEmpty, numberIn } from "./option_parsers.ts";
import { registerPermissionsCommand } from "./permissions_command.ts";
import { registerSandboxCommand } from "./sandbox_command.ts";
import type { SendFlags } from "./send_flags.ts";
import type { TerminalIo } from "./terminal_io.ts";
import { describeUserError } from "./user_error.ts";

/** Version printed by `--version`. */
export const VERSION = denoJson.version;

/**
 * Runs the command line with `args` and resolves to the exit code.
 * Commander's own exits are turned into return values, so tests can run it
 * in-process.
 */
export async function runCli(args: string[], io: TerminalIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const known = describeUserError(error);
    if (known === undefined) throw error;
    io.stderr.writeLine(`Error: ${known.message}`);
    return known.exitCode;
  }
  return exitCode;
}

function buildProgram(
  io: TerminalIo,
  setExitCode: (code: number) => void,
): Command {
  const program = new Command("assessment-sms")
    .description(
      "Create test risk assessments and send their links by SMS.",
    )
    .version(VERSION, "-V, --version", "print the version")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.writeLine(text.trimEnd()),
      writeErr: (text) => io.stderr.writeLine(text.trimEnd()),
      // Commander reads colour variables otherwise, which needs --allow-env.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  addSendCommand(program, io, setExitCode);
  registerSandboxCommand(program);
  registerPermissionsCommand(program, io);
  return program;
}

function addSendCommand(
  program: Command,
  io: TerminalIo,
  setExitCode: (code: number) => void,
): void {
  program.command("send")
    .description("create an assessment and send its link to every number")
    .argument("<input>", 'file of phone numbers (text or CSV), "-" for stdin')
    .option("-c, --config <file>", "configuration file", "config.yml")
    .option(
      "--respondent-id <id>",
      "respondent id for every assessment",
      nonEmpty,
    )
    .option("--type-ids <ids>", "assessment type ids, such as 1,2", idList)
    .option(
      "--expires-in-days <days>",
      "days until each assessment expires (1 to 365)",
      integerIn(1, 365),
    )
    .option("--dry-run", "validate and render only: no network call")
    .option("-v, --verbose", "show full numbers, links and every recipient")
    .option("-q, --quiet", "print no progress, only a one-line summary")
    .option(
      "--max-concurrent <n>",
      "recipients processed at once (1 to 1000)",
      integerIn(1, 1000),
    )
    .option(
      "--retry-attempts <n>",
      "retries after a failed request (0 to 20)",
      integerIn(0, 20),
    )
    .option(
      "--retry-delay-seconds <s>",
      "backoff before the first retry, in seconds (0 to 600)",
      numberIn(0, 600),
    )
    .option(
      "--rate-limit <n>",
      "maximum SMS requests per second, retries included",
      numberIn(0, 10000, true),
    )
    .addOption(
      new Option(
        "--output-format <format>",
        "report written besides the console",
      )
        .choices(["console", "json", "csv"])
        .default("console"),
    )
    .option(
      "-o, --output-file <file>",
      "report file (default: reports/<run id>.<format>)",
    )
    .option("--report-dir <dir>", "folder for reports and journals", "reports")
    .option(
      "--journal <file>",
      "journal file (default: reports/<run id>.journal.jsonl)",
    )
    .option("--resume <journal>", "continue the run recorded in this journal")
    .option(
      "--retry-unknown",
      "on resume, send again SMS whose outcome is unknown",
    )
    .option("--allow-changes", "resume although the input or config changed")
    .option(
      "--phone-column <name>",
      "CSV column that holds the numbers",
      nonEmpty,
    )
    .option(
      "--max-recipients <n>",
      "allow up to this many recipients, overriding safety.max_recipients",
      integerIn(1, 10_000_000),
    )
    .option("--ignore-quiet-hours", "run even inside safety.quiet_hours")
    .option("--insecure-http", "allow http:// to hosts other than loopback")
    .option("--debug", "print stack traces of unexpected errors")
    .action(async (input: string, flags: SendFlags) => {
      const { runSend } = await import("./send_command.ts");
      setExitCode(await runSend(input, flags, io));
    });
}
