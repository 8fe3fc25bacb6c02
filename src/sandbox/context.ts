/**
 * Everything a request handler of the sandbox needs, in one object.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiName } from "./fault_settings.ts";
import type { FaultInjector } from "./faults.ts";
import type { IdempotencyStore } from "./idempotency.ts";
import type { EndpointName, RequestLog } from "./request_log.ts";
import type { SandboxState } from "./state.ts";

/** Shared state and settings of one running sandbox. */
export interface SandboxContext {
  /** `http://127.0.0.1:PORT`, set once the server listens. */
  origin: string;
  readonly assessmentToken: string;
  readonly smsKey: string;
  readonly ignoreIdempotencyKeys: boolean;
  readonly state: SandboxState;
  readonly keys: IdempotencyStore;
  readonly faults: Record<ApiName, FaultInjector>;
  readonly log: RequestLog;
  /** Aborted when the sandbox shuts down, to end pending delays. */
  readonly stopping: AbortSignal;
}

/** One request being handled, with its parsed URL. */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  readonly endpoint: EndpointName;
}

/** Adds a log entry for `exchange` with its final status and outcome. */
export function logExchange(
  context: SandboxContext,
  exchange: Exchange,
  status: number | null,
  outcome: string,
): void {
  const key = exchange.request.headers["idempotency-key"];

  context.log.add({
    method: exchange.request.method ?? "",
    path: exchange.url.pathname,
    endpoint: exchange.endpoint,
    idempotencyKey: typeof key === "string" && key !== "" ? key : null,
    status,
    outcome,
    at: new Date().toISOString(),
  });
}
