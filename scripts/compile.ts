/**
 * Builds standalone executables whose baked-in permissions are the ones a
 * configuration needs: net for its two API hosts, env for the variables it
 * reads, read for the working folder and write for `reports`.
 *
 * ```sh
 * deno task compile                       # this machine, config.yml
 * deno task compile --config other.yml
 * deno task compile:all                   # every release target
 * deno task compile --print               # show the commands only
 * ```
 *
 * `deno compile` downloads the Deno runtime for each target from Deno's
 * download host (dl.deno.land), so compiling needs that host.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config/load_config.ts";
import { ConfigError } from "../src/config/config_error.ts";
import { requiredPermissions } from "../src/cli/required_permissions.ts";
import { HEAP_LIMIT_FLAG } from "../src/cli/runtime_flags.ts";

/** Release targets of `compile:all`, as `deno compile --target` names them. */
export const RELEASE_TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

const OUTPUT_DIR = "dist";
const NAME = "assessment-sms";

/** Builds the `deno compile` arguments for one target. */
export function compileArgs(
  permissionFlags: string[],
  target: string | undefined,
): string[] {
  const suffix = target === undefined ? "" : `-${target}`;
  const extension = target?.includes("windows") ? ".exe" : "";
  return [
    "compile",
    "--no-prompt",
    HEAP_LIMIT_FLAG,
    ...permissionFlags,
    ...(target === undefined ? [] : ["--target", target]),
    "--output",
    `${OUTPUT_DIR}/${NAME}${suffix}${extension}`,
    "main.ts",
  ];
}

/** Computes the permission flags to bake in for the config at `path`. */
export async function bakedPermissionFlags(path: string): Promise<string[]> {
  const loaded = await loadConfig(path);
  const required = requiredPermissions(loaded.config, {
    configPath: loaded.path,
    input: "-",
    reportDir: "reports",
    variables: loaded.variables,
  });
  // NOTE: read is granted for the working folder, because the binary reads
  // whatever config and input file it is given there. Deno resolves these
  // relative paths against the folder the binary starts in.
  return [
    `--allow-net=${required.net}`,
    "--allow-read=.",
    "--allow-write=reports",
    ...(required.env.length === 0 ? [] : [`--allow-env=${required.env}`]),
  ];
}

async function compileOne(args: string[]): Promise<boolean> {
  console.log(`deno ${args.join(" ")}`);
  const result = await new Deno.Command("deno", {
    args,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  const errors = new TextDecoder().decode(result.stderr);
  if (result.success) return true;
  if (/dl\.deno\.land|denort/.test(errors)) {
    const cause = errors.split("\n").find((line) =>
      line.includes("error sending request")
    );
    console.error(
      "Error: deno compile could not download the Deno runtime from dl.deno.land: compiling needs that host to be reachable",
    );
    if (cause !== undefined) console.error(`  ${cause.trim()}`);
  } else {
    console.error(errors.trim());
  }
  return false;
}

const USAGE = `Usage: deno task compile [--config FILE] [--all] [--print]

  --config FILE  config whose hosts and variables are baked in (config.yml)
  --all          build for every release target into dist/
  --print        print the deno compile commands without running them`;

async function main(): Promise<number> {
  let values: { config: string; all: boolean; print: boolean; help: boolean };
  try {
    values = parseArgs({
      args: Deno.args,
      options: {
        config: { type: "string", default: "config.yml" },
        all: { type: "boolean", default: false },
        print: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : error}`);
    console.error(USAGE);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let flags: string[];
  try {
    flags = await bakedPermissionFlags(values.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Error: ${error.message}`);
    return 2;
  }
  const targets = values.all ? [...RELEASE_TARGETS] : [undefined];
  for (const target of targets) {
    const args = compileArgs(flags, target);
    if (values.print) {
      console.log(`deno ${args.join(" ")}`);
    } else if (!await compileOne(args)) {
      return 1;
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
