/**
 * The error raised for a configuration file that cannot be used.
 *
 * @module
 */

/** One problem in the configuration, located by YAML path and line. */
export interface ConfigProblem {
  /** Dotted YAML path such as `sms_api.url`; empty for the whole file. */
  path: string;
  /** 1-based line in the file, when it could be located. */
  line?: number;
  message: string;
}

/** A configuration file with one or more problems, each listed. */
export class ConfigError extends Error {
  /** Every problem found, in file order where lines are known. */
  readonly problems: ConfigProblem[];

  /** Creates the error for `file` from its problems. */
  constructor(file: string, problems: ConfigProblem[]) {
    const lines = problems.map((problem) => formatProblem(file, problem));
    const noun = problems.length === 1 ? "problem" : "problems";
    super(
      `Invalid configuration "${file}": ${problems.length} ${noun}\n` +
        lines.map((line) => `  ${line}`).join("\n"),
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? "" : `${file}:${problem.line}: `;
  const path = problem.path === "" ? "" : `${problem.path}: `;
  return `${where}${path}${problem.message}`;
}
