/**
 * The steps of one recipient: create its assessment, render its message and
 * send the SMS, each step journaled before it starts and after it succeeds.
 *
 * @module
 */
import { isOutcomeUnknown } from "../http/retry_policy.ts";
import type { RetryEvent } from "../http/send_with_retry.ts";
import type { Recipient } from "../input/read_recipients.ts";
import { idempotencyKey } from "../journal/idempotency_key.ts";
import type { RecipientState } from "../journal/journal_state.ts";
import type { RunJournal } from "../journal/run_journal.ts";
import {
  ASSESSMENT_PLACEHOLDERS,
  findMissingPlaceholder,
} from "../message/placeholders.ts";
import { countSegments } from "../message/segments.ts";
import { placeholdersIn, renderText } from "../message/template.ts";
import {
  createAssessment,
  type CreatedAssessment,
  sendSms,
} from "./api_calls.ts";
import { attemptsOf, failureDetails, finalCause } from "./failure_details.ts";
import {
  MessageTooLongError,
  missingValueFailure,
  tooLongFailure,
} from "./message_failures.ts";
import type { RecipientRecord } from "./outcome.ts";
import type { RunSettings } from "./run_settings.ts";
import {
  shortestAssessment,
  valuesOfRecipient,
  withAssessment,
} from "./recipient_values.ts";

/** Settings and services shared by the steps of every recipient. */
export interface RecipientContext {
  settings: RunSettings;
  journal: RunJournal;
  /** Aborts requests in flight: the run is being cancelled at once. */
  signal: AbortSignal;
  /** Ends retries early: the run is stopping, requests in flight finish. */
  stopRetries: AbortSignal;
  /**
   * Length of the shortest link the assessment API returned so far, and a
   * hook called when the first one is known.
   */
  links: { shortest?: number; onFirst?: () => void };
  /** Wraps each SMS attempt, for the rate limit. */
  scheduleSms: <T>(attempt: () => Promise<T>) => Promise<T>;
  /** HTTP clients of the two APIs; absent ones use Deno's shared client. */
  clients: { assessment?: Deno.HttpClient; sms?: Deno.HttpClient };
  onRetry?: (event: RetryEvent) => void;
}

/** A finished recipient: its record, and the failure behind it if any. */
export interface RecipientOutcome {
  record: RecipientRecord;
  /** Last failure of a failed or unknown recipient, for the stop rules. */
  error?: unknown;
}

/** Runs every remaining step of `recipient` and reports how it ended. */
export async function processRecipient(
  recipient: Recipient,
  context: RecipientContext,
): Promise<RecipientOutcome> {
  const record = startRecord(recipient);
  const state = context.journal.stateOf(recipient.phone);
  if (state.sent !== undefined) return alreadySent(record, state);

  const config = context.settings.config;
  const values = valuesOfRecipient(recipient, config);
  const missing = findMissingPlaceholder(config, values);
  if (missing !== undefined) {
    return failed(record, "validation", missingValueFailure(missing));
  }
  const tooLong = checkShortestMessage(values, {
    config,
    ...(context.links.shortest === undefined
      ? {}
      : { shortestLink: context.links.shortest }),
  });
  if (tooLong !== undefined) {
    // Once a real link is known, a message too long for it is the
    // template's fault, and a streak of these stops the run.
    return {
      ...failed(record, "validation", tooLong),
      ...(context.links.shortest === undefined
        ? {}
        : { error: new MessageTooLongError(tooLong.errorMessage ?? "") }),
    };
  }

  const assessment = state.assessment ??
    await requestAssessment(record, values, context);
  if (assessment === undefined) return { record, error: record.error };
  noteLink(context, assessment.link);
  Object.assign(record, assessmentFields(assessment));
  return await sendMessage(record, withAssessment(values, assessment), {
    state,
    context,
  });
}

type Values = ReturnType<typeof valuesOfRecipient>;
type WorkingRecord = RecipientRecord & { error?: unknown };

function startRecord(recipient: Recipient): WorkingRecord {
  return {
    line: recipient.line,
    input: recipient.input,
    phone: recipient.phone,
    ...(recipient.name === undefined ? {} : { name: recipient.name }),
    status: "sent",
    attempts: 0,
    fields: recipient.fields,
  };
}

function alreadySent(
  record: WorkingRecord,
  state: RecipientState,
): RecipientOutcome {
  return {
    record: {
      ...record,
      status: "skipped",
      reason: "already_sent",
      ...(state.assessment === undefined
        ? {}
        : assessmentFields(state.assessment)),
      ...(state.sent?.messageId === undefined
        ? {}
        : { messageId: state.sent.messageId }),
    },
  };
}

async function requestAssessment(
  record: WorkingRecord,
  values: Values,
  context: RecipientContext,
): Promise<CreatedAssessment | undefined> {
  const { settings, journal, signal } = context;
  const phone = record.phone!;
  const key = idempotencyKey(settings.runId, phone, "assessment");
  await journal.record({ type: "assessment_requested", phone, key });
  try {
    const result = await createAssessment(settings.config, values, {
      idempotencyKey: key,
      signal,
      secrets: settings.secrets,
      ...(context.onRetry === undefined ? {} : { onRetry: context.onRetry }),
      client: context.clients.assessment,
      stopRetries: context.stopRetries,
    });
    record.attempts += result.attempts;
    // The next awaited step, sms_requested, flushes this line with it.
    journal.recordLater({
      type: "assessment_created",
      phone,
      ...result.value,
    });
    return result.value;
  } catch (error) {
    if (signal.aborted) throw error;
    record.attempts += attemptsOf(error);
    const details = failureDetails(error, settings.secrets);
    journal.recordLater({
      type: "failed",
      phone,
      stage: "assessment",
      error: details.errorMessage ?? "",
    });
    // An assessment that may exist but was never linked is harmless, because no
    // SMS went out, so the recipient counts as failed, not unknown.
    Object.assign(record, failed(record, "assessment", details).record);
    record.error = error;
    return undefined;
  }
}

async function sendMessage(
  record: WorkingRecord,
  values: Values,
  step: { state: RecipientState; context: RecipientContext },
): Promise<RecipientOutcome> {
  const { state, context } = step;
  const { settings, journal, signal } = context;
  const phone = record.phone!;
  const text = renderText(settings.config.message_template, values);
  const segments = countSegments(text);
  record.segments = segments.segments;
  const limit = settings.config.processing.max_sms_segments;
  if (segments.segments > limit) {
    const failure = tooLongFailure(segments, limit);
    return {
      ...failed(record, "sms", failure),
      error: new MessageTooLongError(failure.errorMessage ?? ""),
    };
  }

  const earlier = earlierUnknown(state, settings);
  if (earlier !== undefined) {
    if (state.smsPending) {
      journal.recordLater({
        type: "unknown",
        phone,
        stage: "sms",
        error: earlier,
      });
    }
    return unknown(record, {
      errorType: "UnknownOutcome",
      errorMessage: earlier,
    });
  }

  values.set("message", text);
  const key = idempotencyKey(settings.runId, phone, "sms");
  await journal.record({ type: "sms_requested", phone, key });
  try {
    const result = await sendSms(settings.config, values, {
      idempotencyKey: key,
      signal,
      secrets: settings.secrets,
      schedule: context.scheduleSms,
      ...(context.onRetry === undefined ? {} : { onRetry: context.onRetry }),
      client: context.clients.sms,
      stopRetries: context.stopRetries,
    });
    record.attempts += result.attempts;
    journal.recordLater({ type: "sms_sent", phone, ...result.value });
    return {
      record: { ...record, status: "sent", stage: "sms", ...result.value },
    };
  } catch (error) {
    if (signal.aborted) throw error;
    record.attempts += attemptsOf(error);
    const details = failureDetails(error, settings.secrets);
    const message = details.errorMessage ?? "";
    if (isOutcomeUnknown(finalCause(error))) {
      journal.recordLater({
        type: "unknown",
        phone,
        stage: "sms",
        error: message,
      });
      return { ...unknown(record, details), error };
    }
    journal.recordLater({
      type: "failed",
      phone,
      stage: "sms",
      error: message,
    });
    return { ...failed(record, "sms", details), error };
  }
}

/**
 * Explains why an SMS must not be sent again without `--retry-unknown`:
 * an earlier run sent it and never learned the outcome. A gateway that
 * honours idempotency keys is asked again, because it cannot duplicate.
 */
function earlierUnknown(
  state: RecipientState,
  settings: RunSettings,
): string | undefined {
  if (settings.retryUnknown) return undefined;
  if (settings.config.sms_api.honours_idempotency_key) return undefined;
  if (state.smsPending) {
    return "An earlier run sent this SMS and stopped before the answer: the outcome is unknown, pass --retry-unknown to send it again";
  }
  if (state.unknown) {
    return "An earlier run left this SMS with an unknown outcome: pass --retry-unknown to send it again";
  }
  return undefined;
}

/**
 * Refuses a message too long even with the shortest link possible, or the
 * shortest seen so far in the run. Before any link is known, a template
 * without per-recipient placeholders needs no check: it was checked before
 * the run.
 */
function checkShortestMessage(
  values: Values,
  known: { config: RunSettings["config"]; shortestLink?: number },
) {
  const { config } = known;
  if (
    known.shortestLink === undefined &&
    !hasRecipientPlaceholder(config.message_template)
  ) {
    return undefined;
  }
  const text = renderText(
    config.message_template,
    withAssessment(values, shortestAssessment(config, known.shortestLink)),
  );
  const segments = countSegments(text);
  const limit = config.processing.max_sms_segments;
  return segments.segments > limit
    ? tooLongFailure(segments, limit)
    : undefined;
}

function noteLink(context: RecipientContext, link: string): void {
  const shortest = context.links.shortest;
  if (shortest === undefined || link.length < shortest) {
    context.links.shortest = link.length;
  }
  context.links.onFirst?.();
}

function hasRecipientPlaceholder(template: string): boolean {
  return placeholdersIn(template).some((name) =>
    !(ASSESSMENT_PLACEHOLDERS as readonly string[]).includes(name)
  );
}

function assessmentFields(assessment: CreatedAssessment) {
  return {
    link: assessment.link,
    ...(assessment.id === undefined ? {} : { assessmentId: assessment.id }),
    ...(assessment.expiresAt === undefined
      ? {}
      : { expiresAt: assessment.expiresAt }),
  };
}

function failed(
  record: WorkingRecord,
  stage: RecipientRecord["stage"] & string,
  details: Partial<RecipientRecord>,
): RecipientOutcome {
  const { error: _error, ...rest } = record;
  return { record: { ...rest, ...details, status: "failed", stage } };
}

function unknown(
  record: WorkingRecord,
  details: Partial<RecipientRecord>,
): RecipientOutcome {
  const { error: _error, ...rest } = record;
  return { record: { ...rest, ...details, status: "unknown", stage: "sms" } };
}
