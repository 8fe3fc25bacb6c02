/**
 * The `permissions` command: prints the `deno run` line with exactly the
 * permissions a configuration needs.
 *
 * @module
 */
import type { Command } from "commander";
import { loadConfig } from "../config/load_config.ts";
import {
  permissionFlags,
  requiredPermissions,
} from "./required_permissions.ts";
import { HEAP_LIMIT_FLAG } from "./runtime_flags.ts";
import type { TerminalIo } from "./terminal_io.ts";

/** Options of the `permissions` command. */
interface PermissionsFlags {
  config: string;
  input: string;
  reportDir: string;
  insecureHttp?: boolean;
}

/** Adds `permissions` to `program`. */
export function registerPermissionsCommand(
  program: Command,
  io: TerminalIo,
): Command {
  return program.command("permissions")
    .description(
      "print the deno run line with the permissions a config needs",
    )
    .option("-c, --config <file>", "configuration file", "config.yml")
    .option("--input <file>", "input file the run will read", "INPUT")
    .option("--report-dir <dir>", "folder for reports and journals", "reports")
    .option("--insecure-http", "allow http:// to hosts other than loopback")
    .action(async (flags: PermissionsFlags) => {
      const loaded = await loadConfig(flags.config, {
        insecureHttp: flags.insecureHttp ?? false,
      });
      const required = requiredPermissions(loaded.config, {
        configPath: loaded.path,
        input: flags.input,
        reportDir: flags.reportDir,
        variables: loaded.variables,
      });
      const line = [
        "deno run --no-prompt",
        HEAP_LIMIT_FLAG,
        ...permissionFlags(required),
        "main.ts send",
        flags.input,
        "--config",
        flags.config,
      ];
      if (flags.reportDir !== "reports") {
        line.push("--report-dir", flags.reportDir);
      }
      if (flags.insecureHttp) line.push("--insecure-http");
      io.stdout.writeLine(line.join(" "));
    });
}
