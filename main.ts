/**
 * Entry point of `assessment-sms`: runs the command line and reports an
 * unexpected error as a bug, with its stack only under `--debug`.
 *
 * @module
 */
import { runCli } from "./src/cli/program.ts";
import { processIo } from "./src/cli/terminal_io.ts";

if (import.meta.main) {
  const io = processIo();
  try {
    Deno.exit(await runCli(Deno.args, io));
  } catch (error) {
    const debug = Deno.args.includes("--debug");
    const detail = error instanceof Error
      ? (debug ? error.stack ?? error.message : error.message)
      : String(error);
    io.stderr.writeLine(`Unexpected error: ${detail}`);
    if (!debug) {
      io.stderr.writeLine(
        "This is a bug: run again with --debug for the stack trace and report it",
      );
    }
    Deno.exit(1);
  }
}
