/**
 * Stops a run that cannot succeed: a streak of authentication refusals, or
 * a host that cannot be reached at all, would otherwise fail every one of
 * thousands of recipients the same way.
 *
 * @module
 */
import { HttpError, NetworkError } from "../http/errors.ts";
import { finalCause } from "./failure_details.ts";
import { MessageTooLongError } from "./message_failures.ts";

/** Streak lengths that stop a run. */
export interface StopThresholds {
  authFailures: number;
  unreachable: number;
}

/** Watches final outcomes and names the systemic failure once it is clear. */
export class SystemicStop {
  #thresholds: StopThresholds;
  #authStreak = 0;
  #unreachableStreak = 0;
  #tooLongStreak = 0;
  #reason: string | undefined;

  /** Creates a monitor stopping at `thresholds` failures in a row. */
  constructor(thresholds: StopThresholds) {
    this.#thresholds = thresholds;
  }

  /** The stop message, once a streak reached its threshold. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** Counts one finished recipient; `error` is absent on success. */
  observe(error: unknown): void {
    this.#observeTooLong(error);
    const cause = error === undefined ? undefined : finalCause(error);
    if (cause instanceof HttpError && [401, 403].includes(cause.status)) {
      this.#authStreak++;
      if (this.#authStreak >= this.#thresholds.authFailures) {
        this.#reason ??= authMessage(cause, this.#authStreak);
      }
    } else if (error === undefined || !(cause instanceof NetworkError)) {
      this.#authStreak = 0;
    }
    if (cause instanceof NetworkError && cause.unreachable) {
      this.#unreachableStreak++;
      if (this.#unreachableStreak >= this.#thresholds.unreachable) {
        this.#reason ??= unreachableMessage(cause, this.#unreachableStreak);
      }
    } else {
      this.#unreachableStreak = 0;
    }
  }

  #observeTooLong(error: unknown): void {
    if (!(error instanceof MessageTooLongError)) {
      if (error === undefined) this.#tooLongStreak = 0;
      return;
    }
    this.#tooLongStreak++;
    if (this.#tooLongStreak >= TOO_LONG_STREAK) {
      this.#reason ??= tooLongMessage(this.#tooLongStreak);
    }
  }
}

/** Messages too long in a row, with real links, that stop the run. */
const TOO_LONG_STREAK = 3;

function tooLongMessage(count: number): string {
  return `The message was too long for ${count} recipients in a row once their assessment links were in it: shorten message_template or raise processing.max_sms_segments`;
}

function authMessage(cause: HttpError, count: number): string {
  const section = cause.target.api.startsWith("SMS")
    ? "sms_api"
    : "assessment_api";
  return `${cause.target.api} refused ${count} requests in a row with ${cause.status} ${cause.reason}: check the token or key in ${section}.headers and the variables it uses`;
}

function unreachableMessage(cause: NetworkError, count: number): string {
  const section = cause.target.api.startsWith("SMS")
    ? "sms_api"
    : "assessment_api";
  return `${cause.target.api} host "${cause.target.host}" could not be reached ${count} times in a row (${
    cause.message.split(": ").at(-1)
  }): check ${section}.url and that the service is running`;
}
