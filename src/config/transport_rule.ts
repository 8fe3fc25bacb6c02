/**
 * The rule that plain HTTP may reach loopback hosts only.
 *
 * @module
 */

import type { ConfigProblem } from "./config_error.ts";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Tells whether `hostname` (as `URL.hostname` gives it) is loopback. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Lists the API URLs that use `http://` for a host other than loopback,
 * because tokens and phone numbers would cross the network in clear text.
 */
export function checkTransport(
  tree: unknown,
  insecureHttp: boolean,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const name of ["assessment_api", "sms_api"]) {
    // Runs on the unvalidated tree, so that this problem is listed along
    // with schema problems. A missing or invalid URL is the schema's to
    // report.
    const parsed = URL.parse(String(readUrl(tree, name)));
    if (parsed === null) continue;
    if (!["http:", "https:"].includes(parsed.protocol)) {
      problems.push({
        path: `${name}.url`,
        message: `unsupported scheme "${parsed.protocol}": use https://`,
      });
    } else if (
      parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname) &&
      !insecureHttp
    ) {
      problems.push({
        path: `${name}.url`,
        message:
          `plain HTTP to "${parsed.hostname}" is refused: use https://, or pass --insecure-http to allow it`,
      });
    }
  }

  return problems;
}

function readUrl(tree: unknown, section: string): unknown {
  if (tree === null || typeof tree !== "object") return undefined;
  const api = (tree as Record<string, unknown>)[section];
  if (api === null || typeof api !== "object") return undefined;
  return (api as Record<string, unknown>).url;
}
