/**
 * The options of `send` as commander parses them.
 *
 * @module
 */

/** Parsed `send` options; absent ones fall back to the configuration. */
export interface SendFlags {
  config: string;
  respondentId?: string;
  typeIds?: number[];
  expiresInDays?: number;
  dryRun?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  maxConcurrent?: number;
  retryAttempts?: number;
  retryDelaySeconds?: number;
  rateLimit?: number;
  outputFormat: "console" | "json" | "csv";
  outputFile?: string;
  reportDir: string;
  journal?: string;
  resume?: string;
  retryUnknown?: boolean;
  allowChanges?: boolean;
  phoneColumn?: string;
  maxRecipients?: number;
  ignoreQuietHours?: boolean;
  insecureHttp?: boolean;
  debug?: boolean;
}
