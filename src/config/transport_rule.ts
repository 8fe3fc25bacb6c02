/**
 * The rule that plain HTTP may reach loopback hosts only.
 *
 * @module
 */

import type { ConfigProblem } from "./config_error.ts";
import type { ConfigFile } from "./schema.ts";

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
  config: ConfigFile,
  insecureHttp: boolean,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const apis = [
    ["assessment_api", config.assessment_api.url],
    ["sms_api", config.sms_api.url],
  ] as const;

  for (const [name, url] of apis) {
    const parsed = new URL(url);
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
