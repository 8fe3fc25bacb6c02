/**
 * Stored state of the sandbox: assessments, the SMS outbox and counters.
 *
 * @module
 */

import type { ApiName } from "./fault_settings.ts";
import { FAULT_KINDS } from "./faults.ts";

/** An assessment created through `POST /api/assessments`. */
export interface AssessmentRecord {
  /** Identifier such as `asm_1`. */
  readonly id: string;
  /** Phone number in E.164 form. */
  readonly phone: string;
  /** Respondent identifier as sent, or `null`. */
  readonly respondent_id: string | null;
  /** Assessment type identifiers. */
  readonly type_ids: readonly number[];
  /** Days until the link expires. */
  readonly expires_in_days: number;
  /** Link to the assessment page served by the sandbox. */
  readonly link: string;
  /** Expiry time as an ISO 8601 string. */
  readonly expires_at: string;
  /** `Idempotency-Key` of the creating request, or `null`. */
  readonly idempotency_key: string | null;
}

/** An SMS accepted through `POST /sms/send`. */
export interface SmsRecord {
  /** Identifier such as `msg_1`. */
  readonly id: string;
  /** Recipient in E.164 form. */
  readonly to: string;
  /** Message text. */
  readonly text: string;
  /** Sender name as sent, or `null`. */
  readonly from: string | null;
  /** Time of acceptance as an ISO 8601 string. */
  readonly received_at: string;
  /** `Idempotency-Key` of the request, or `null`. */
  readonly idempotency_key: string | null;
}

/** A count for each API. */
export interface ApiCounts {
  /** Count for `POST /api/assessments`. */
  assessment: number;
  /** Count for `POST /sms/send`. */
  sms: number;
}

/** Count of injected faults by kind, over both APIs. */
export type FaultCounts = Record<(typeof FAULT_KINDS)[number], number>;

/** Counters served at `GET /_sandbox/stats`. */
export interface SandboxStats {
  /** Requests received, whatever their outcome. */
  requests: ApiCounts;
  /** Requests that created an assessment or stored an SMS. */
  accepted: ApiCounts;
  /** Requests that got a stored response again for a repeated key. */
  replays: ApiCounts;
  /** Requests rejected with 409 because their key was still in flight. */
  inProgress: ApiCounts;
  /** Repeated keys processed anew because keys are ignored. */
  duplicateKeys: ApiCounts;
  /** Requests rejected for auth or validation, blacklist excluded. */
  rejected: ApiCounts;
  /** Faults injected, by kind. */
  faults: FaultCounts;
  /** Requests that got 500 because the sandbox itself failed. */
  internalErrors: number;
}

/** Fields of a valid create-assessment request. */
export interface AssessmentInput {
  readonly phone: string;
  readonly respondentId: string | null;
  readonly typeIds: readonly number[];
  readonly expiresInDays: number;
}

/** Fields of a valid send-SMS request. */
export interface SmsInput {
  readonly to: string;
  readonly text: string;
  readonly from: string | null;
}

const DAY_MS = 86_400_000;

/** Stored records, lookups and counters of one sandbox. */
export class SandboxState {
  #assessments: AssessmentRecord[] = [];
  #assessmentsByToken = new Map<string, AssessmentRecord>();
  #outbox: SmsRecord[] = [];
  #assessmentSerial = 0;
  #messageSerial = 0;
  /** Live counters; read a copy through {@linkcode statsSnapshot}. */
  stats: SandboxStats = newStats();

  /** Creates an assessment whose link starts with `origin`. */
  addAssessment(
    input: AssessmentInput,
    origin: string,
    idempotencyKey: string | null,
  ): AssessmentRecord {
    this.#assessmentSerial += 1;
    const token = newLinkToken();
    const record: AssessmentRecord = {
      id: `asm_${this.#assessmentSerial}`,
      phone: input.phone,
      respondent_id: input.respondentId,
      type_ids: input.typeIds,
      expires_in_days: input.expiresInDays,
      link: `${origin}/a/${token}`,
      expires_at: new Date(Date.now() + input.expiresInDays * DAY_MS)
        .toISOString(),
      idempotency_key: idempotencyKey,
    };
    this.#assessments.push(record);
    this.#assessmentsByToken.set(token, record);
    return record;
  }

  /** Stores an SMS in the outbox. */
  addMessage(input: SmsInput, idempotencyKey: string | null): SmsRecord {
    this.#messageSerial += 1;
    const record: SmsRecord = {
      id: `msg_${this.#messageSerial}`,
      to: input.to,
      text: input.text,
      from: input.from,
      received_at: new Date().toISOString(),
      idempotency_key: idempotencyKey,
    };
    this.#outbox.push(record);
    return record;
  }

  /** Finds the assessment whose link ends with `token`. */
  assessmentByToken(token: string): AssessmentRecord | undefined {
    return this.#assessmentsByToken.get(token);
  }

  /** Returns the assessments, oldest first. */
  assessments(): AssessmentRecord[] {
    return [...this.#assessments];
  }

  /** Returns the outbox, oldest first. */
  outbox(): SmsRecord[] {
    return [...this.#outbox];
  }

  /** Returns a copy of the counters. */
  statsSnapshot(): SandboxStats {
    return structuredClone(this.stats);
  }

  /** Counts one request to `api` under `counter`. */
  count(
    counter: Exclude<keyof SandboxStats, "faults" | "internalErrors">,
    api: ApiName,
  ): void {
    this.stats[counter][api] += 1;
  }

  /** Removes every record and zeroes the counters and serial numbers. */
  clear(): void {
    this.#assessments = [];
    this.#assessmentsByToken = new Map();
    this.#outbox = [];
    this.#assessmentSerial = 0;
    this.#messageSerial = 0;
    this.stats = newStats();
  }
}

function newStats(): SandboxStats {
  const faults = Object.fromEntries(
    FAULT_KINDS.map((kind) => [kind, 0]),
  ) as FaultCounts;

  return {
    requests: zeroCounts(),
    accepted: zeroCounts(),
    replays: zeroCounts(),
    inProgress: zeroCounts(),
    duplicateKeys: zeroCounts(),
    rejected: zeroCounts(),
    faults,
    internalErrors: 0,
  };
}

function zeroCounts(): ApiCounts {
  return { assessment: 0, sms: 0 };
}

/** Returns 16 random bytes as base64url, hard to guess and safe in a path. */
function newLinkToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);

  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}
