/**
 * `${VAR}` and `${VAR:-default}` expansion in configuration values.
 *
 * @module
 */

import type { ConfigProblem } from "./config_error.ts";

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Reads one environment variable; `undefined` when it is not set. */
export type EnvReader = (name: string) => string | undefined;

/** Result of expanding a parsed YAML tree. */
export interface ExpandResult {
  value: unknown;
  problems: ConfigProblem[];
  /** Names of every variable referenced, set or not. */
  variables: Set<string>;
}

/**
 * Expands variable references in every string of a parsed YAML tree.
 *
 * `$$` stands for a literal `$`. A variable that is unset and has no
 * default, or that the process may not read, becomes a problem naming the
 * variable and the path where it is used.
 */
export function expandEnv(tree: unknown, readEnv: EnvReader): ExpandResult {
  const result: ExpandResult = {
    value: undefined,
    problems: [],
    variables: new Set(),
  };
  result.value = expandNode(tree, [], readEnv, result);
  return result;
}

function expandNode(
  node: unknown,
  path: string[],
  readEnv: EnvReader,
  result: ExpandResult,
): unknown {
  if (typeof node === "string") {
    return expandString(node, path.join("."), readEnv, result);
  }

  if (Array.isArray(node)) {
    return node.map((item, index) =>
      expandNode(item, [...path, String(index)], readEnv, result)
    );
  }

  if (node !== null && typeof node === "object") {
    const entries = Object.entries(node).map(([key, value]) => [
      key,
      expandNode(value, [...path, key], readEnv, result),
    ]);
    return Object.fromEntries(entries);
  }

  return node;
}

function expandString(
  text: string,
  path: string,
  readEnv: EnvReader,
  result: ExpandResult,
): string {
  return text.replace(REFERENCE, (match, name?: string, fallback?: string) => {
    if (name === undefined) return "$";
    result.variables.add(name);
    const value = readVariable(name, path, readEnv, result);
    if (value !== undefined && value !== "") return value;
    if (fallback !== undefined) return fallback;
    if (value === undefined && !hasProblemFor(result, path, name)) {
      result.problems.push({
        path,
        message:
          `environment variable "${name}" is not set: export it, or write \${${name}:-default} in the file`,
      });
    }
    return value ?? match;
  });
}

function readVariable(
  name: string,
  path: string,
  readEnv: EnvReader,
  result: ExpandResult,
): string | undefined {
  try {
    return readEnv(name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    result.problems.push({
      path,
      message:
        `environment variable "${name}" may not be read: add --allow-env=${name}`,
    });
    return undefined;
  }
}

function hasProblemFor(result: ExpandResult, path: string, name: string) {
  return result.problems.some((problem) =>
    problem.path === path && problem.message.includes(`"${name}"`)
  );
}
