/**
 * Errors of the HTTP clients, by meaning. Messages name the API, method,
 * host and status, never a token, a full URL or a phone number.
 *
 * @module
 */

/** Whether a failed request may have taken effect on the server. */
export type Arrival = "no" | "maybe";

/** Where and what a request went to, for messages. */
export interface RequestTarget {
  /** Display name such as `SMS API`. */
  api: string;
  method: string;
  host: string;
}

/** Base class of every failure talking to an API. */
export class ApiError extends Error {
  /** The request that failed. */
  readonly target: RequestTarget;
  /** Whether the request may have taken effect despite the failure. */
  readonly arrival: Arrival;

  /** Creates the error; `message` is prefixed with the target. */
  constructor(
    target: RequestTarget,
    message: string,
    options: { arrival: Arrival; cause?: unknown },
  ) {
    super(
      `${target.api} ${target.method} ${target.host}: ${message}`,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = "ApiError";
    this.target = target;
    this.arrival = options.arrival;
  }
}

/** A non-2xx response. */
export class HttpError extends ApiError {
  /** HTTP status code. */
  readonly status: number;
  /** Server-requested wait before retrying, from `Retry-After`. */
  readonly retryAfterMs: number | undefined;
  /** Reason from the body, or the status text. */
  readonly reason: string;

  /** Creates the error for `status` with the server's `reason`. */
  constructor(
    target: RequestTarget,
    init: { status: number; reason: string; retryAfterMs?: number },
  ) {
    const arrival = arrivalOf(init.status);
    super(target, `${init.status} ${init.reason}`, { arrival });
    this.name = "HttpError";
    this.status = init.status;
    this.reason = init.reason;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * Tells whether a request answered with `status` may have taken effect:
 * a 5xx may come after the work was done, and a 409 answers a repeated
 * idempotency key while the first request with it is still being
 * processed. 408 and 429 say the request was not processed.
 */
function arrivalOf(status: number): Arrival {
  if (status >= 500 || status === 409) return "maybe";
  return "no";
}

/** A 2xx response whose body reports an error or lacks a required field. */
export class RejectedAnswerError extends ApiError {
  /** HTTP status code of the answer. */
  readonly status: number;
  /** Reason from the body. */
  readonly reason: string;

  /** Creates the error for a 2xx `status` whose body gave `reason`. */
  constructor(target: RequestTarget, status: number, reason: string) {
    super(target, `${status} with an error in the body: ${reason}`, {
      arrival: "no",
    });
    this.name = "RejectedAnswerError";
    this.status = status;
    this.reason = reason;
  }
}

/** No answer within the configured timeout; the request may have arrived. */
export class RequestTimeoutError extends ApiError {
  /** Creates the error after waiting `seconds`. */
  constructor(target: RequestTarget, seconds: number) {
    super(target, `no answer within ${seconds} s (timed out)`, {
      arrival: "maybe",
    });
    this.name = "RequestTimeoutError";
  }
}

/** The connection failed; `arrival` states whether the request was sent. */
export class NetworkError extends ApiError {
  /** True when the host could not be reached at all (refused, DNS). */
  readonly unreachable: boolean;

  /** Creates the error from the runtime's `detail` text. */
  constructor(
    target: RequestTarget,
    detail: string,
    options: { unreachable: boolean; cause?: unknown },
  ) {
    super(target, detail, {
      arrival: options.unreachable ? "no" : "maybe",
      cause: options.cause,
    });
    this.name = "NetworkError";
    this.unreachable = options.unreachable;
  }
}

/** A request fetch refused to send, such as for an invalid header value. */
export class InvalidRequestError extends ApiError {
  /** Creates the error; the request never left this machine. */
  constructor(
    target: RequestTarget,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super(target, `the request could not be sent: ${detail}`, {
      arrival: "no",
      cause: options.cause,
    });
    this.name = "InvalidRequestError";
  }
}

/** A 2xx answer the tool cannot read, such as a missing link field. */
export class ResponseFormatError extends ApiError {
  /** Creates the error; the request did take effect on the server. */
  constructor(target: RequestTarget, detail: string) {
    super(target, detail, { arrival: "maybe" });
    this.name = "ResponseFormatError";
  }
}

/** A request this process may not make; the fix is a permission flag. */
export class PermissionError extends Error {
  /** Creates the error naming the flag to add. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermissionError";
  }
}
