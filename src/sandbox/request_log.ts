/**
 * A bounded log of the most recent requests, so that long benchmark runs keep
 * memory flat.
 *
 * @module
 */

/** Part of the sandbox a request went to. */
export type EndpointName =
  | "assessment"
  | "sms"
  | "page"
  | "outbox"
  | "assessments"
  | "other";

/** One request as recorded by the sandbox. */
export interface RequestLogEntry {
  /** HTTP method. */
  readonly method: string;
  /** Path without the query string, which may contain phone numbers. */
  readonly path: string;
  /** Part of the sandbox the path belongs to. */
  readonly endpoint: EndpointName;
  /** Value of the `Idempotency-Key` header, or `null` without one. */
  readonly idempotencyKey: string | null;
  /** Status sent, or `null` when the connection got no response. */
  readonly status: number | null;
  /** Short word for what happened, such as `created` or `dropped`. */
  readonly outcome: string;
  /** Time the outcome was decided, as an ISO 8601 string. */
  readonly at: string;
}

/** Default number of entries kept. */
export const REQUEST_LOG_CAPACITY = 10_000;

/** A ring buffer of log entries that drops the oldest when full. */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #next = 0;
  #capacity: number;

  /** Creates an empty log that keeps at most `capacity` entries. */
  constructor(capacity: number = REQUEST_LOG_CAPACITY) {
    this.#capacity = capacity;
  }

  /** Appends `entry`, replacing the oldest one when the log is full. */
  add(entry: RequestLogEntry): void {
    if (this.#entries.length < this.#capacity) {
      this.#entries.push(entry);
      return;
    }

    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.#capacity;
  }

  /** Returns the entries, oldest first. */
  entries(): RequestLogEntry[] {
    return [
      ...this.#entries.slice(this.#next),
      ...this.#entries.slice(0, this.#next),
    ];
  }

  /** Removes every entry. */
  clear(): void {
    this.#entries = [];
    this.#next = 0;
  }
}
