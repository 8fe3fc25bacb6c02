/**
 * The bulk run: recipients stream from the input through a bounded pool of
 * workers, and each finished record goes straight to the reporters.
 *
 * @module
 */
import pMap from "p-map";
import { createApiClient } from "../http/api_client.ts";
import type { RetryEvent } from "../http/send_with_retry.ts";
import type { InputItem, Recipient } from "../input/read_recipients.ts";
import type { RunJournal } from "../journal/run_journal.ts";
import { compileAllowedNumbers } from "./allowed_numbers.ts";
import type { RecipientRecord } from "./outcome.ts";
import {
  processRecipient,
  type RecipientContext,
} from "./process_recipient.ts";
import { createSchedule } from "./rate_limit.ts";
import {
  internalErrorRecord,
  notAllowedRecord,
  notAttemptedRecord,
  rejectedRecord,
} from "./rejected_record.ts";
import type { RunSettings } from "./run_settings.ts";
import { type RunCounts, SummaryCounter } from "./summary_counter.ts";
import { SystemicStop } from "./systemic_stop.ts";

/** Options of {@linkcode runPipeline}. */
export interface RunPipelineOptions {
  settings: RunSettings;
  journal: RunJournal;
  /** Receives each record as soon as its recipient is finished. */
  onRecord: (record: RecipientRecord) => Promise<void> | void;
  /** Stops starting new recipients; requests in flight finish. */
  stopSignal: AbortSignal;
  /** Aborts requests in flight as well. */
  abortSignal: AbortSignal;
  /** Called before each retry wait. */
  onRetry?: (event: RetryEvent) => void;
}

/** Counts of a finished run, and why it stopped early if it did. */
export interface PipelineResult {
  counts: RunCounts;
  stoppedReason?: string;
}

/** Opens the run's HTTP clients, which are closed when the run ends. */
function openClients(settings: RunSettings) {
  const assessment = createApiClient(settings.config.assessment_api);
  const sms = createApiClient(settings.config.sms_api);
  return {
    value: {
      ...(assessment === undefined ? {} : { assessment }),
      ...(sms === undefined ? {} : { sms }),
    },
    [Symbol.dispose]() {
      assessment?.close();
      sms?.close();
    },
  };
}

/** Message given to recipients left when the run was interrupted. */
export const INTERRUPTED = "interrupted";

/**
 * Processes every item of `items`. Failures of one recipient never stop
 * the others; a systemic failure or `stopSignal` leaves the remaining
 * recipients reported as not attempted.
 */
export async function runPipeline(
  items: AsyncIterable<InputItem>,
  options: RunPipelineOptions,
): Promise<PipelineResult> {
  const { settings, stopSignal, abortSignal } = options;
  const counter = new SummaryCounter();
  const stop = new SystemicStop({
    authFailures: settings.config.processing.stop_after_auth_failures,
    unreachable: settings.config.processing.stop_after_unreachable,
  });
  const allowed = compileAllowedNumbers(settings.config.safety.allowed_numbers);
  using clients = openClients(settings);
  // Aborted on the first signal or a systemic stop: retries end then.
  const stopping = new AbortController();
  stopSignal.addEventListener("abort", () => stopping.abort(), { once: true });
  if (stopSignal.aborted) stopping.abort();
  const context = {
    settings,
    clients: clients.value,
    stopRetries: stopping.signal,
    links: {} as RecipientContext["links"],
    journal: options.journal,
    signal: abortSignal,
    scheduleSms: createSchedule(settings.rateLimitPerSecond, abortSignal),
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
  };
  const stopReason = () =>
    internalFailure ?? stop.reason ??
      (stopSignal.aborted ? INTERRUPTED : undefined);

  const processItem = async (item: InputItem) => {
    let record: RecipientRecord;
    if (item.kind === "rejected") {
      record = rejectedRecord(item);
    } else if (!allowed.allows(item.recipient.phone)) {
      record = notAllowedRecord(item.recipient);
    } else {
      record = await attemptSafely(item.recipient);
    }
    counter.add(record);
    await options.onRecord(record);
  };

  // A failure outside the API calls, such as a full disk under the journal,
  // stops the run but still reports the recipient it happened on.
  let internalFailure: string | undefined;
  const attemptSafely = async (recipient: Recipient) => {
    try {
      return await attempt(recipient);
    } catch (error) {
      if (abortSignal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      internalFailure ??= `Run stopped after an internal error: ${message}`;
      stopping.abort();
      return internalErrorRecord(recipient, message);
    }
  };

  // The first recipient goes alone until its assessment exists: its answer
  // shows a wrong token, an unreachable host or links too long for the
  // message before a whole pool of requests repeats the mistake. The others
  // wait in their pool slots, so the pool stays within max_concurrent.
  const firstLink = Promise.withResolvers<void>();
  context.links.onFirst = () => firstLink.resolve();
  let firstClaimed = false;
  const waitForFirst = async () => {
    if (!firstClaimed) {
      firstClaimed = true;
      return firstLink.resolve;
    }
    await firstLink.promise;
    return undefined;
  };

  const attempt = async (recipient: Recipient) => {
    const releaseOthers = await waitForFirst();
    try {
      return await attemptOne(recipient);
    } finally {
      releaseOthers?.();
    }
  };

  const attemptOne = async (recipient: Recipient) => {
    const why = stopReason();
    if (why !== undefined) return notAttemptedRecord(recipient, why);
    const outcome = await processRecipient(recipient, context);
    stop.observe(outcome.error);
    if (stop.reason !== undefined) stopping.abort();
    return outcome.record;
  };

  await pMap(items, processItem, {
    concurrency: settings.maxConcurrent,
    // One recipient's failure must never keep later ones from starting.
    stopOnError: false,
    signal: abortSignal,
  });
  const stoppedReason = stopReason();
  return {
    counts: counter.counts,
    ...(stoppedReason === undefined ? {} : { stoppedReason }),
  };
}
