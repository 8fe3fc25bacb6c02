/**
 * Idempotency keys per API: completed responses kept for replay and keys whose
 * first request is still in flight.
 *
 * @module
 */

import type { ApiName } from "./fault_settings.ts";

/** A response stored for replay. */
export interface StoredResponse {
  /** HTTP status of the first response. */
  readonly status: number;
  /** JSON body of the first response. */
  readonly body: unknown;
}

/** Result of presenting a key before processing a request. */
export type KeyClaim =
  | { readonly kind: "new" }
  | { readonly kind: "replay"; readonly response: StoredResponse }
  | { readonly kind: "inProgress" };

const IN_FLIGHT = Symbol("in flight");

type KeyEntry = StoredResponse | typeof IN_FLIGHT;

/** Key tables of both APIs. */
export class IdempotencyStore {
  #tables: Record<ApiName, Map<string, KeyEntry>> = newTables();
  #seen: Record<ApiName, Set<string>> = newSeenSets();

  /**
   * Claims `key` on `api`. A new key is marked in flight and must later be
   * passed to {@linkcode complete} or {@linkcode release}.
   */
  claim(api: ApiName, key: string): KeyClaim {
    const table = this.#tables[api];
    const entry = table.get(key);
    if (entry === IN_FLIGHT) return { kind: "inProgress" };
    if (entry !== undefined) return { kind: "replay", response: entry };

    table.set(key, IN_FLIGHT);
    return { kind: "new" };
  }

  /** Stores the response of a claimed key for later replays. */
  complete(api: ApiName, key: string, response: StoredResponse): void {
    this.#tables[api].set(key, response);
  }

  /** Frees a claimed key whose request was not processed. */
  release(api: ApiName, key: string): void {
    if (this.#tables[api].get(key) === IN_FLIGHT) {
      this.#tables[api].delete(key);
    }
  }

  /**
   * Records `key` as seen on `api` when keys are ignored, and reports whether
   * it had been seen before.
   */
  noteIgnoredKey(api: ApiName, key: string): boolean {
    const seen = this.#seen[api];
    if (seen.has(key)) return true;

    seen.add(key);
    return false;
  }

  /** Forgets every key. */
  clear(): void {
    this.#tables = newTables();
    this.#seen = newSeenSets();
  }
}

function newTables(): Record<ApiName, Map<string, KeyEntry>> {
  return { assessment: new Map(), sms: new Map() };
}

function newSeenSets(): Record<ApiName, Set<string>> {
  return { assessment: new Set(), sms: new Set() };
}
