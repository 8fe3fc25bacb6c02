/**
 * Reads, expands and validates the YAML configuration file.
 *
 * @module
 */

import { load, YAMLException } from "js-yaml";
import type { z } from "zod";
import { ConfigError, type ConfigProblem } from "./config_error.ts";
import { type EnvReader, expandEnv } from "./expand_env.ts";
import { type ConfigFile, configSchema } from "./schema.ts";
import { indexKeyLines, lineOf } from "./yaml_lines.ts";
import { checkTransport } from "./transport_rule.ts";

/** A validated configuration and what it needs from the environment. */
export interface LoadedConfig {
  path: string;
  config: ConfigFile;
  /** Environment variables the file references. */
  variables: string[];
  /**
   * Places problems found later, such as by the input's columns, at the
   * line of their YAML path.
   */
  locate(problems: ConfigProblem[]): ConfigProblem[];
}

/** Options of {@linkcode loadConfig}. */
export interface LoadConfigOptions {
  /** Reads environment variables. @default Deno.env.get */
  readEnv?: EnvReader;
  /** Allows `http://` to hosts other than loopback. @default false */
  insecureHttp?: boolean;
}

/**
 * Loads the configuration at `path`, listing every problem at once.
 *
 * @throws {ConfigError} when the file cannot be read, parsed or validated.
 */
export async function loadConfig(
  path: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const text = await readConfigText(path);
  return parseConfig(text, path, options);
}

/**
 * Parses and validates configuration text; `path` names it in errors.
 *
 * @throws {ConfigError} when the text cannot be parsed or validated.
 */
export function parseConfig(
  text: string,
  path: string,
  options: LoadConfigOptions = {},
): LoadedConfig {
  const tree = parseYaml(text, path);
  const expanded = expandEnv(tree, options.readEnv ?? Deno.env.get);
  const lines = indexKeyLines(text);
  const parsed = configSchema.safeParse(expanded.value);
  const problems = [
    ...expanded.problems,
    ...(parsed.success
      ? []
      : zodProblems(parsed.error, { lines, tree: expanded.value })),
    ...checkTransport(expanded.value, options.insecureHttp ?? false),
  ];

  if (problems.length > 0 || !parsed.success) {
    const located = problems.map((problem) => locate(problem, lines));
    throw new ConfigError(path, sortByLine(located));
  }

  return {
    path,
    config: parsed.data,
    variables: [...expanded.variables].sort(),
    locate: (found) => found.map((problem) => locate(problem, lines)),
  };
}

async function readConfigText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw new ConfigError(path, [{
      path: "",
      message: readFailure(error, path),
    }]);
  }
}

function readFailure(error: unknown, path: string): string {
  if (error instanceof Deno.errors.NotFound) {
    return "file not found: copy config.template.yml to it, or pass --config FILE";
  }
  if (error instanceof Deno.errors.NotCapable) {
    return `reading it is not allowed: add --allow-read=${path}`;
  }
  if (error instanceof Deno.errors.IsADirectory) {
    return "it is a folder, not a file: pass the YAML file itself";
  }
  if (error instanceof TypeError) return "the file is not valid UTF-8 text";
  return `cannot be read: ${error instanceof Error ? error.message : error}`;
}

function parseYaml(text: string, path: string): unknown {
  try {
    const tree = load(text);
    if (tree === null || typeof tree !== "object" || Array.isArray(tree)) {
      throw new ConfigError(path, [{
        path: "",
        message: "expected a YAML mapping of sections such as sms_api:",
      }]);
    }
    return tree;
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const mark = error.mark;
    const column = mark === undefined ? "" : ` at column ${mark.column + 1}`;
    throw new ConfigError(path, [{
      path: "",
      ...(mark === undefined ? {} : { line: mark.line + 1 }),
      message: `invalid YAML${column}: ${error.reason}`,
    }]);
  }
}

function zodProblems(
  error: z.ZodError,
  source: { lines: Map<string, number>; tree: unknown },
): ConfigProblem[] {
  const { lines, tree } = source;
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "invalid_key") {
      // zod reports a bad record key as "Invalid key in record" and keeps
      // the key check's own message inside.
      return [{ path, message: issue.issues[0]?.message ?? issue.message }];
    }
    if (issue.code !== "unrecognized_keys") {
      // zod words a missing key after the check it failed, such as
      // "invalid URL", which misleads when the key is simply absent.
      const missing = issue.path.length > 0 &&
        valueAt(tree, issue.path) === undefined;
      return [{
        path,
        message: missing ? "missing: this key is required" : issue.message,
      }];
    }
    // One problem per key, located at the key itself: the parent's line can
    // be far away, and a top-level key has no parent line at all.
    return issue.keys.map((key) => {
      const line = lines.get(path === "" ? key : `${path}.${key}`);
      return {
        path,
        message: `unknown key "${key}"`,
        ...(line === undefined ? {} : { line }),
      };
    });
  });
}

function locate(
  problem: ConfigProblem,
  lines: Map<string, number>,
): ConfigProblem {
  if (problem.line !== undefined || problem.path === "") return problem;
  const line = lineOf(lines, problem.path);
  return line === undefined ? problem : { ...problem, line };
}

function sortByLine(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.toSorted((a, b) =>
    (a.line ?? Infinity) - (b.line ?? Infinity)
  );
}

function valueAt(tree: unknown, path: readonly PropertyKey[]): unknown {
  let current = tree;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
