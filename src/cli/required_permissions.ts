/**
 * The Deno permissions a `send` run needs, derived from its configuration
 * and options, and the check that they are granted before any work starts.
 *
 * @module
 */
import { dirname } from "node:path";
import type { ConfigFile } from "../config/schema.ts";
import { PermissionError } from "../http/errors.ts";

/** Permission grants of a run, each a list for one `--allow-*` flag. */
export interface RequiredPermissions {
  net: string[];
  read: string[];
  write: string[];
  env: string[];
}

/** What a run touches besides the APIs of its configuration. */
export interface RunFiles {
  configPath: string;
  /** Input file, or `-` for stdin. */
  input: string;
  reportDir: string;
  outputFile?: string;
  journal?: string;
  /** Environment variables the configuration reads. */
  variables: readonly string[];
  /** A dry run makes no network call, and no journal or retry file. */
  dryRun?: boolean;
  /** The run writes a JSON or CSV report. */
  writesReport?: boolean;
}

/** Lists the grants a run with `config` and `files` needs. */
export function requiredPermissions(
  config: ConfigFile,
  files: RunFiles,
): RequiredPermissions {
  const hosts = files.dryRun
    ? []
    : [config.assessment_api.url, config.sms_api.url].map((url) =>
      new URL(url).host
    );
  // A dry run writes only a report it was asked for, which goes to the
  // report folder unless --output-file names another place.
  const writesReportDir = !files.dryRun ||
    (files.writesReport === true && files.outputFile === undefined);
  const written = [
    ...(writesReportDir ? [files.reportDir] : []),
    ...(files.outputFile === undefined ? [] : [dirname(files.outputFile)]),
    // The journal's folder, because its lock file sits next to it.
    ...(files.journal === undefined ? [] : [dirname(files.journal)]),
  ];
  return {
    net: unique(hosts),
    read: unique([
      files.configPath,
      ...(files.input === "-" ? [] : [files.input]),
      ...written,
    ]),
    write: unique(written),
    env: unique([...files.variables]),
  };
}

/**
 * Checks that every grant is in place, so a run never fails halfway on a
 * permission. `Deno.permissions.query` reports `prompt` for anything not
 * granted, even under `--no-prompt`, so only `granted` passes.
 *
 * @throws {PermissionError} naming the flags to add.
 */
export async function checkPermissions(
  required: RequiredPermissions,
): Promise<void> {
  const missing: RequiredPermissions = {
    net: [],
    read: [],
    write: [],
    env: [],
  };
  for (const host of required.net) {
    if (!await granted({ name: "net", host })) missing.net.push(host);
  }
  for (const path of required.read) {
    if (!await granted({ name: "read", path })) missing.read.push(path);
  }
  for (const path of required.write) {
    if (!await granted({ name: "write", path })) missing.write.push(path);
  }
  for (const variable of required.env) {
    if (!await granted({ name: "env", variable })) missing.env.push(variable);
  }
  const flags = permissionFlags(missing);
  if (flags.length > 0) {
    throw new PermissionError(
      `Missing permission: run Deno with ${flags.join(" ")}`,
    );
  }
}

/** Formats grants as `--allow-*` flags, leaving out empty ones. */
export function permissionFlags(required: RequiredPermissions): string[] {
  const flags: string[] = [];
  if (required.net.length > 0) flags.push(`--allow-net=${required.net}`);
  if (required.read.length > 0) flags.push(`--allow-read=${required.read}`);
  if (required.write.length > 0) flags.push(`--allow-write=${required.write}`);
  if (required.env.length > 0) flags.push(`--allow-env=${required.env}`);
  return flags;
}

async function granted(descriptor: Deno.PermissionDescriptor) {
  const status = await Deno.permissions.query(descriptor);
  return status.state === "granted";
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
