/**
 * One HTTP attempt against a configured API, with its response classified.
 *
 * @module
 */

import type { ApiConfig } from "../config/schema.ts";
import type { PlaceholderValues } from "../message/template.ts";
import { buildRequestParts } from "./build_request.ts";
import {
  HttpError,
  InvalidRequestError,
  NetworkError,
  PermissionError,
  RejectedAnswerError,
  type RequestTarget,
  RequestTimeoutError,
} from "./errors.ts";
import { readPath } from "./json_path.ts";
import { parseRetryAfter } from "./retry_after.ts";
import { redactSecrets } from "./redact.ts";

/** Body fields where gateways commonly put an error reason. */
const REASON_FIELDS = ["error", "message", "detail", "error_description"];
const MAX_REASON_LENGTH = 200;

/** A 2xx response that passed the success rule. */
export interface ApiAnswer {
  status: number;
  /** Parsed JSON body, or `undefined` when the body was not JSON. */
  body: unknown;
}

/** Options of {@linkcode callApi}. */
export interface CallApiOptions {
  /** Display name used in errors, such as `SMS API`. */
  name: string;
  idempotencyKey: string;
  /** Aborts the attempt when the run is cancelled. */
  signal: AbortSignal;
  /** Header values and other strings that must never reach a message. */
  secrets: readonly string[];
  /** HTTP client to send with; `undefined` for Deno's shared, pooled one. */
  client?: Deno.HttpClient | undefined;
}

/**
 * Sends one request built from `api` and `values`.
 *
 * @throws {ApiError} for every failure, classified by whether the request
 * may have taken effect.
 * @throws {PermissionError} when the process may not reach the host.
 */
export async function callApi(
  api: ApiConfig,
  values: PlaceholderValues,
  options: CallApiOptions,
): Promise<ApiAnswer> {
  // A timer cleared after the response, unlike AbortSignal.timeout's, which
  // would keep every finished request's signal alive for the whole timeout.
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException("Timed out", "TimeoutError")),
    api.timeout_seconds * 1000,
  );
  const signal = AbortSignal.any([options.signal, timeout.signal]);
  const request = buildRequestParts(api, values, {
    idempotencyKey: options.idempotencyKey,
    signal,
  });
  const target: RequestTarget = {
    api: options.name,
    method: request.init.method,
    host: new URL(request.url).host,
  };

  let response: Response;
  let text: string;
  try {
    response = options.client === undefined
      ? await fetch(request.url, request.init)
      : await fetch(request.url, { ...request.init, client: options.client });
    text = await response.text();
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    throw classifyFetchFailure(
      error,
      target,
      api.timeout_seconds,
      timeout.signal,
    );
  } finally {
    clearTimeout(timer);
  }

  const body = parseJson(text);
  if (!response.ok) {
    throw new HttpError(target, {
      status: response.status,
      reason: redactSecrets(
        reasonOf(body, api.error_field) ?? response.statusText,
        options.secrets,
      ),
      ...retryAfterOf(response),
    });
  }

  checkSuccessRule(api, body, response.status, target, options.secrets);
  return { status: response.status, body };
}

function classifyFetchFailure(
  error: unknown,
  target: RequestTarget,
  timeoutSeconds: number,
  timeout: AbortSignal,
): Error {
  if (error instanceof Deno.errors.NotCapable) {
    return new PermissionError(
      `${target.api} host "${target.host}" may not be reached: add --allow-net=${target.host}`,
      { cause: error },
    );
  }
  if (timeout.aborted) return new RequestTimeoutError(target, timeoutSeconds);
  const detail = networkDetail(error);
  if (isInvalidRequest(error, detail)) {
    return new InvalidRequestError(target, shortDetail(detail), {
      cause: error,
    });
  }
  // Deno reports failures before the request was written as "client error
  // (Connect)": refused connections, DNS and TLS handshake failures.
  // Deno also refuses some ports outright ("Requests to port 1 are
  // blocked"), before any connection.
  const unreachable = detail.includes("(Connect)") ||
    detail.includes("are blocked");
  return new NetworkError(target, shortDetail(detail), {
    unreachable,
    cause: error,
  });
}

/**
 * Tells whether fetch rejected the request before sending it, such as for
 * a header value that is not valid HTTP. Deno's own network failures are
 * a TypeError with the message "fetch failed"; port blocks are network
 * failures too, counted as unreachable.
 */
function isInvalidRequest(error: unknown, detail: string): boolean {
  return error instanceof TypeError && error.message !== "fetch failed" &&
    !detail.includes("are blocked");
}

function networkDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

function shortDetail(detail: string): string {
  if (detail.includes("Connection refused")) return "connection refused";
  if (detail.includes("dns error")) return "host name not found (DNS)";
  if (detail.includes("connection closed before message completed")) {
    return "connection closed before the answer";
  }
  if (detail.includes("Connection reset")) return "connection reset";
  return detail.replace(/\(?https?:\/\/[^\s)]+\)?/g, "").slice(0, 160);
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function reasonOf(body: unknown, errorField?: string): string | undefined {
  const paths = errorField === undefined
    ? REASON_FIELDS
    : [errorField, ...REASON_FIELDS];
  for (const path of paths) {
    const value = readPath(body, path);
    if (typeof value === "string" && value.trim() !== "") {
      return value.trim().slice(0, MAX_REASON_LENGTH);
    }
  }
  return undefined;
}

function retryAfterOf(response: Response): { retryAfterMs?: number } {
  const wait = parseRetryAfter(response.headers.get("Retry-After"));
  return wait === undefined ? {} : { retryAfterMs: wait };
}

function checkSuccessRule(
  api: ApiConfig,
  body: unknown,
  status: number,
  target: RequestTarget,
  secrets: readonly string[],
): void {
  const rule = api.success;
  if (rule === undefined) return;
  const actual = readPath(body, rule.field);
  if (actual === rule.equals) return;
  const reason = reasonOf(body, api.error_field) ??
    `${rule.field} is ${JSON.stringify(actual) ?? "missing"}, expected ${
      JSON.stringify(rule.equals)
    }`;
  throw new RejectedAnswerError(
    target,
    status,
    redactSecrets(reason, secrets),
  );
}
