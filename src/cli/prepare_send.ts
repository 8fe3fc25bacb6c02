/**
 * Everything `send` checks before the first request: configuration,
 * overrides, input, placeholders and safety rails. Any problem here exits
 * with code 2 and nothing sent.
 *
 * @module
 */
import { ConfigError, type ConfigProblem } from "../config/config_error.ts";
import { loadConfig } from "../config/load_config.ts";
import type { ConfigFile } from "../config/schema.ts";
import { isLoopbackHost } from "../config/transport_rule.ts";
import { secretsOfHeaders } from "../http/redact.ts";
import { checkTextFile } from "../input/check_text_file.ts";
import {
  countRecipientLines,
  MAX_RECIPIENTS,
  openInputFile,
  openRecipients,
  type RecipientSource,
} from "../input/read_recipients.ts";
import { checkPlaceholders } from "../message/placeholders.ts";
import { countSegments } from "../message/segments.ts";
import { placeholdersIn, renderText } from "../message/template.ts";
import { shortestAssessment } from "../pipeline/recipient_values.ts";
import {
  clockInUlaanbaatar,
  isQuietTime,
  RECIPIENT_TIME_ZONE,
} from "../pipeline/quiet_hours.ts";
import { applyOverrides } from "./config_overrides.ts";
import {
  checkPermissions,
  requiredPermissions,
} from "./required_permissions.ts";
import type { SendFlags } from "./send_flags.ts";
import { RunRefusedError } from "./user_error.ts";

/** A checked configuration and an opened input, ready to run. */
export interface PreparedSend {
  config: ConfigFile;
  configPath: string;
  source: RecipientSource;
  /** Lines that may hold recipients, when the input is a file. */
  expectedTotal?: number;
  secrets: string[];
  /** Warnings to print before the run, such as plain HTTP allowed. */
  warnings: string[];
}

/** Loads and checks everything a run needs, in the order a user fixes it. */
export async function prepareSend(
  input: string,
  flags: SendFlags,
  now: Date = new Date(),
): Promise<PreparedSend> {
  const loaded = await loadConfig(flags.config, {
    insecureHttp: flags.insecureHttp ?? false,
  });
  const config = applyOverrides(loaded.config, flags);
  await checkPermissions(requiredPermissions(config, {
    configPath: loaded.path,
    input,
    reportDir: flags.reportDir,
    variables: loaded.variables,
    dryRun: flags.dryRun ?? false,
    writesReport: flags.outputFormat !== "console",
    ...(flags.outputFormat === "console" || flags.outputFile === undefined
      ? {}
      : { outputFile: flags.outputFile }),
    ...journalOf(flags),
  }));
  const quietWarning = checkQuietHours(config, flags, now);

  if (input !== "-") await checkInputFile(input);
  const expectedTotal = input === "-"
    ? undefined
    : await countRecipientLines(input, {
      ...(flags.phoneColumn === undefined
        ? {}
        : { phoneColumn: flags.phoneColumn }),
    });
  if (expectedTotal === 0) {
    throw new RunRefusedError(
      `Input "${input}" contains no phone numbers: add one number a line, or a CSV with a phone column`,
    );
  }
  if (expectedTotal !== undefined && expectedTotal > MAX_RECIPIENTS) {
    throw new RunRefusedError(
      `Input "${input}" has ${expectedTotal} lines of numbers, more than the ${MAX_RECIPIENTS} one run takes: split it into smaller files`,
    );
  }
  checkMaxRecipients(config, expectedTotal);
  const source = await openRecipients(await openInputFile(input), {
    fileName: input,
    ...(flags.phoneColumn === undefined
      ? {}
      : { phoneColumn: flags.phoneColumn }),
  });
  const problems = [
    ...checkPlaceholders(config, source.columns),
    ...checkMessageLength(config),
  ];
  if (problems.length > 0) {
    throw new ConfigError(flags.config, loaded.locate(problems));
  }

  return {
    config,
    configPath: loaded.path,
    source,
    ...(expectedTotal === undefined ? {} : { expectedTotal }),
    secrets: secretsOf(config, loaded.variables),
    warnings: [
      ...insecureHttpWarnings(config),
      ...(quietWarning === undefined ? [] : [quietWarning]),
    ],
  };
}

/**
 * Refuses a binary input file, after openInputFile has turned a missing
 * file or a folder into a clear error.
 */
async function checkInputFile(input: string): Promise<void> {
  (await openInputFile(input)).cancel();
  await checkTextFile(input);
}

function journalOf(flags: SendFlags): { journal?: string } {
  const journal = flags.resume ?? flags.journal;
  return journal === undefined ? {} : { journal };
}

/**
 * Refuses a run inside quiet hours. A dry run sends nothing, so it only
 * gets a warning that the real run would be refused.
 */
function checkQuietHours(
  config: ConfigFile,
  flags: SendFlags,
  now: Date,
): string | undefined {
  const hours = config.safety.quiet_hours;
  if (hours === undefined || flags.ignoreQuietHours) return undefined;
  if (!isQuietTime(hours, now)) return undefined;
  const message = `Quiet hours: it is ${
    clockInUlaanbaatar(now)
  } in ${RECIPIENT_TIME_ZONE}, inside safety.quiet_hours ${hours.start}-${hours.end}: wait, or pass --ignore-quiet-hours`;
  if (flags.dryRun) return `Warning: a real run would be refused. ${message}`;
  throw new RunRefusedError(message);
}

function checkMaxRecipients(config: ConfigFile, total: number | undefined) {
  const limit = config.safety.max_recipients;
  if (limit === undefined || total === undefined || total <= limit) return;
  throw new RunRefusedError(
    `Too many recipients: the input has up to ${total} numbers, more than safety.max_recipients ${limit}: split the file, or pass --max-recipients ${total}`,
  );
}

/**
 * Collects what must never be shown: credentials in headers, and the value
 * of every environment variable the configuration reads, because a token
 * may sit in a URL or a body too.
 */
function secretsOf(config: ConfigFile, variables: string[]): string[] {
  const values = variables.map((name) => Deno.env.get(name) ?? "");
  return [
    ...secretsOfHeaders(config.assessment_api.headers),
    ...secretsOfHeaders(config.sms_api.headers),
    ...values.filter((value) => value !== ""),
  ];
}

function insecureHttpWarnings(config: ConfigFile): string[] {
  const warnings: string[] = [];
  for (
    const [name, api] of Object.entries({
      assessment_api: config.assessment_api,
      sms_api: config.sms_api,
    })
  ) {
    const url = new URL(api.url);
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
      warnings.push(
        `Warning: ${name} uses plain HTTP to "${url.hostname}" (allowed by --insecure-http): tokens and numbers travel unencrypted`,
      );
    }
  }
  return warnings;
}

/**
 * Refuses a template that is too long for `max_sms_segments` with every
 * placeholder empty and the shortest possible link, because then no
 * recipient could be sent to.
 */
function checkMessageLength(config: ConfigFile): ConfigProblem[] {
  const values = new Map<string, string>(
    placeholdersIn(config.message_template).map((name) => [name, ""]),
  );
  values.set("link", shortestAssessment(config).link);
  const segments = countSegments(renderText(config.message_template, values));
  const limit = config.processing.max_sms_segments;
  if (segments.segments <= limit) return [];
  return [{
    path: "message_template",
    message:
      `the message takes at least ${segments.segments} SMS segments (${segments.encoding}), more than processing.max_sms_segments ${limit}: shorten it or raise the limit`,
  }];
}
