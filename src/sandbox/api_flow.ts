/**
 * The request flow shared by both APIs: auth, validation, idempotency keys,
 * latency and fault injection, then processing.
 *
 * @module
 */

import type { ApiResponse, ApiSpec } from "./api_specs.ts";
import { type Exchange, logExchange, type SandboxContext } from "./context.ts";
import type { ApiName } from "./fault_settings.ts";
import type { FaultKind } from "./faults.ts";
import { closeWithoutResponse, headerValue, sendJson } from "./http_io.ts";
import { readFields } from "./read_fields.ts";

/** A response decided before the delay, with its log outcome. */
interface EarlyResponse extends ApiResponse {
  readonly outcome: string;
  readonly headers?: Record<string, string>;
}

/** Faults that replace the response whatever the request contained. */
const PREEMPTIVE_FAULTS: ReadonlySet<FaultKind> = new Set([
  "drop",
  "hang",
  "error",
  "failFirst",
  "rateLimit",
]);

/** Status of a request whose key is still in flight. */
const IN_PROGRESS_STATUS = 409;

/**
 * Handles a POST to one API whose body has been read.
 *
 * A new idempotency key is claimed before the delay, so a repeat that
 * arrives during the delay gets 409. After the delay, drop, hang, server
 * errors and 429 replace any response. Other requests get the response that
 * the checks decided, or are processed. Only a 2xx response can be lost.
 */
export async function handleApiPost<T>(
  context: SandboxContext,
  exchange: Exchange,
  spec: ApiSpec<T>,
  body: string,
): Promise<void> {
  const { api } = spec;
  context.state.count("requests", api);
  const decision = context.faults[api].decide();
  const key = requestKey(exchange);
  const checked = checkRequest(context, exchange, spec, body);
  let claimed = false;
  let early = "response" in checked ? checked.response : undefined;

  if (early === undefined && key !== null) {
    const claim = claimKey(context, spec, key);
    claimed = claim.claimed;
    early = claim.response;
  }

  const release = () => {
    if (claimed && key !== null) context.keys.release(api, key);
  };

  if (!(await delay(decision.delayMs, context.stopping))) {
    release();
    return;
  }

  if (decision.kind !== undefined && PREEMPTIVE_FAULTS.has(decision.kind)) {
    release();
    injectFault(context, exchange, spec, decision.kind);
    return;
  }

  if (early !== undefined) {
    respondEarly(context, exchange, early, { api, fault: decision.kind });
    return;
  }

  if (decision.kind === "errorBody") {
    release();
    injectFault(context, exchange, spec, "errorBody");
    return;
  }

  if (!("input" in checked)) return;
  const response = spec.process(context, checked.input, key);
  context.state.count("accepted", api);
  if (claimed && key !== null) context.keys.complete(api, key, response);
  finish(context, exchange, response, spec.processedOutcome, decision.kind);
}

function requestKey(exchange: Exchange): string | null {
  const key = headerValue(exchange.request, "idempotency-key");
  return key === undefined || key === "" ? null : key;
}

/**
 * Checks auth, fields and the blacklist. A rejection is counted only when
 * it is sent, because an injected fault may replace it.
 */
function checkRequest<T>(
  context: SandboxContext,
  exchange: Exchange,
  spec: ApiSpec<T>,
  body: string,
): { response: EarlyResponse } | { input: T } {
  const reject = (status: number, message: string, outcome: string) => ({
    response: { status, body: spec.errorBody(message), outcome },
  });

  if (!spec.isAuthorized(context, exchange.request)) {
    return reject(401, spec.unauthorizedMessage, "unauthorized");
  }

  const contentType = headerValue(exchange.request, "content-type");
  const fields = readFields(exchange.url.searchParams, contentType, body);
  if (!fields.ok) return reject(spec.invalidStatus, fields.error, "invalid");
  const input = spec.parse(fields.fields);
  if (!input.ok) return reject(spec.invalidStatus, input.error, "invalid");

  if (spec.isBlacklisted(context, input.value)) {
    return reject(400, "Number is blacklisted", "blacklisted");
  }

  return { input: input.value };
}

/** Claims `key`, or decides the replay or 409 response when it is known. */
function claimKey<T>(
  context: SandboxContext,
  spec: ApiSpec<T>,
  key: string,
): { claimed: boolean; response?: EarlyResponse } {
  if (context.ignoreIdempotencyKeys) {
    if (context.keys.noteIgnoredKey(spec.api, key)) {
      context.state.count("duplicateKeys", spec.api);
    }

    return { claimed: false };
  }

  const claim = context.keys.claim(spec.api, key);
  if (claim.kind === "new") return { claimed: true };

  if (claim.kind === "replay") {
    context.state.count("replays", spec.api);
    return {
      claimed: false,
      response: {
        ...claim.response,
        outcome: "replayed",
        headers: { "idempotent-replayed": "true" },
      },
    };
  }

  context.state.count("inProgress", spec.api);
  const message = "A request with this idempotency key is in progress";
  return {
    claimed: false,
    response: {
      status: IN_PROGRESS_STATUS,
      body: spec.errorBody(message),
      outcome: "inProgress",
    },
  };
}

function respondEarly(
  context: SandboxContext,
  exchange: Exchange,
  response: EarlyResponse,
  source: { api: ApiName; fault: FaultKind | undefined },
): void {
  const { api, fault } = source;
  if (response.status >= 200 && response.status < 300) {
    finish(context, exchange, response, response.outcome, fault);
    return;
  }

  if (response.outcome === "blacklisted") {
    context.state.stats.faults.blacklist += 1;
  } else if (REJECTION_OUTCOMES.has(response.outcome)) {
    context.state.count("rejected", api);
  }
  sendJson(exchange.response, response.status, response.body, response.headers);
  logExchange(context, exchange, response.status, response.outcome);
}

/** Outcomes of requests refused before processing, as checkRequest names them. */
const REJECTION_OUTCOMES = new Set(["unauthorized", "invalid"]);

/** Sends a 2xx response, or closes the connection when the response is lost. */
function finish(
  context: SandboxContext,
  exchange: Exchange,
  response: ApiResponse & { readonly headers?: Record<string, string> },
  outcome: string,
  fault: FaultKind | undefined,
): void {
  if (fault === "loseResponse") {
    context.state.stats.faults.loseResponse += 1;
    closeWithoutResponse(exchange.request);
    logExchange(context, exchange, null, "responseLost");
    return;
  }

  sendJson(exchange.response, response.status, response.body, response.headers);
  logExchange(context, exchange, response.status, outcome);
}

function injectFault<T>(
  context: SandboxContext,
  exchange: Exchange,
  spec: ApiSpec<T>,
  kind: FaultKind,
): void {
  const settings = context.faults[spec.api].settings;
  context.state.stats.faults[kind] += 1;

  switch (kind) {
    case "drop":
      closeWithoutResponse(exchange.request);
      logExchange(context, exchange, null, "dropped");
      return;
    case "hang":
      // NOTE: the response stays open until the client closes the
      // connection or shutdown destroys every open socket.
      logExchange(context, exchange, null, "hung");
      return;
    case "rateLimit": {
      const seconds = settings.retryAfterSeconds;
      const message = `Rate limit exceeded: retry after ${seconds} s`;
      sendJson(exchange.response, 429, spec.errorBody(message), {
        "retry-after": String(seconds),
      });
      logExchange(context, exchange, 429, "rateLimited");
      return;
    }
    case "errorBody":
      sendJson(exchange.response, 200, {
        status: "error",
        error: "Injected gateway error",
      });
      logExchange(context, exchange, 200, "errorBody");
      return;
    default: {
      const status = settings.errorStatus;
      sendJson(exchange.response, status, { error: "Injected server error" });
      logExchange(context, exchange, status, kind);
    }
  }
}

/** Waits `ms`, resolving `false` early if `signal` aborts. */
function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);

  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
