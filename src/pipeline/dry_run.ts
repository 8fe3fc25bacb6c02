/**
 * The dry run: the same validation and rendering as a real run, with no
 * network call at all. It is a separate processor, so no API client is
 * even built.
 *
 * @module
 */
import type { ConfigFile } from "../config/schema.ts";
import type { InputItem, Recipient } from "../input/read_recipients.ts";
import { findMissingPlaceholder } from "../message/placeholders.ts";
import { countSegments, type SegmentCount } from "../message/segments.ts";
import { renderText } from "../message/template.ts";
import { compileAllowedNumbers } from "./allowed_numbers.ts";
import { missingValueFailure, tooLongFailure } from "./message_failures.ts";
import type { RecipientRecord } from "./outcome.ts";
import { notAllowedRecord, rejectedRecord } from "./rejected_record.ts";
import { valuesOfRecipient, withAssessment } from "./recipient_values.ts";
import { type RunCounts, SummaryCounter } from "./summary_counter.ts";

/** Length of the made-up token in a sample link. */
const SAMPLE_TOKEN_LENGTH = 32;

/** The message of the first valid recipient, as it would be sent. */
export interface SampleMessage {
  line: number;
  text: string;
  segments: SegmentCount;
}

/** Counts of a dry run and its sample message. */
export interface DryRunResult {
  counts: RunCounts;
  sample?: SampleMessage;
}

/** Options of {@linkcode runDryRun}. */
export interface DryRunOptions {
  config: ConfigFile;
  onRecord: (record: RecipientRecord) => Promise<void> | void;
}

/**
 * Validates and renders every recipient of `items`, reporting each as
 * skipped with reason `dry_run` unless it would fail.
 */
export async function runDryRun(
  items: AsyncIterable<InputItem>,
  options: DryRunOptions,
): Promise<DryRunResult> {
  const counter = new SummaryCounter();
  const allowed = compileAllowedNumbers(
    options.config.safety.allowed_numbers,
  );
  let sample: SampleMessage | undefined;
  for await (const item of items) {
    let record: RecipientRecord;
    if (item.kind === "rejected") {
      record = rejectedRecord(item);
    } else if (!allowed.allows(item.recipient.phone)) {
      record = notAllowedRecord(item.recipient);
    } else {
      const planned = planRecipient(item.recipient, options.config);
      record = planned.record;
      sample ??= planned.sample;
    }
    counter.add(record);
    await options.onRecord(record);
  }
  return {
    counts: counter.counts,
    ...(sample === undefined ? {} : { sample }),
  };
}

function planRecipient(
  recipient: Recipient,
  config: ConfigFile,
): { record: RecipientRecord; sample?: SampleMessage } {
  const base = {
    line: recipient.line,
    input: recipient.input,
    phone: recipient.phone,
    ...(recipient.name === undefined ? {} : { name: recipient.name }),
    attempts: 0,
    fields: recipient.fields,
  };
  const values = valuesOfRecipient(recipient, config);
  const missing = findMissingPlaceholder(config, values);
  if (missing !== undefined) {
    return {
      record: {
        ...base,
        status: "failed",
        stage: "validation",
        ...missingValueFailure(missing),
      },
    };
  }
  const text = renderText(
    config.message_template,
    withAssessment(values, sampleAssessment(config)),
  );
  const segments = countSegments(text);
  const limit = config.processing.max_sms_segments;
  // The sample is kept even when too long, so the dry run shows the text.
  const sample = { line: recipient.line, text, segments };
  if (segments.segments > limit) {
    return {
      record: {
        ...base,
        status: "failed",
        stage: "validation",
        segments: segments.segments,
        ...tooLongFailure(segments, limit),
      },
      sample,
    };
  }
  return {
    record: {
      ...base,
      status: "skipped",
      reason: "dry_run",
      segments: segments.segments,
    },
    sample,
  };
}

/**
 * Creates a made-up assessment whose link has the assessment API's origin and a
 * token of typical length, so the segment count is close to the real one.
 */
export function sampleAssessment(config: ConfigFile) {
  const origin = new URL(config.assessment_api.url).origin;
  const expires = new Date(
    Date.now() + config.assessment.expires_in_days * 86_400_000,
  );
  return {
    id: "sample-assessment",
    link: `${origin}/a/${"x".repeat(SAMPLE_TOKEN_LENGTH)}`,
    expiresAt: expires.toISOString(),
  };
}
