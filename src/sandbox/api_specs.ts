/**
 * Rules that differ between the two APIs: auth, input checks, error body
 * shape and the record each one creates.
 *
 * @module
 */

import type { IncomingMessage } from "node:http";
import type { SandboxContext } from "./context.ts";
import type { ApiName } from "./fault_settings.ts";
import { headerValue } from "./http_io.ts";
import type { Fields } from "./read_fields.ts";
import type { AssessmentInput, SmsInput } from "./state.ts";
import {
  type InputResult,
  parseAssessmentInput,
  parseSmsInput,
} from "./validate_input.ts";

/** Status and JSON body of a response. */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Rules of one API, used by the shared request flow. */
export interface ApiSpec<T> {
  readonly api: ApiName;
  /** Status for a request whose fields are invalid. */
  readonly invalidStatus: number;
  /** Outcome word logged when the request is processed. */
  readonly processedOutcome: string;
  /** Reports whether the request carries the right credential. */
  isAuthorized(context: SandboxContext, request: IncomingMessage): boolean;
  /** Message of the 401 response. */
  readonly unauthorizedMessage: string;
  /** Validates the fields. */
  parse(fields: Fields): InputResult<T>;
  /** Reports whether the input goes to a blacklisted number. */
  isBlacklisted(context: SandboxContext, input: T): boolean;
  /** Builds the error body in this API's shape. */
  errorBody(message: string): unknown;
  /** Stores the record and returns the success response. */
  process(context: SandboxContext, input: T, key: string | null): ApiResponse;
}

const BEARER_PATTERN = /^Bearer\s+(.+)$/i;

/** Rules of `POST /api/assessments`. */
export const ASSESSMENT_SPEC: ApiSpec<AssessmentInput> = {
  api: "assessment",
  invalidStatus: 422,
  processedOutcome: "created",
  unauthorizedMessage: "Invalid or missing bearer token",
  isAuthorized(context, request) {
    const header = headerValue(request, "authorization") ?? "";
    const match = BEARER_PATTERN.exec(header);
    return match?.[1]?.trim() === context.assessmentToken;
  },
  parse: parseAssessmentInput,
  isBlacklisted: () => false,
  errorBody: (message) => ({ error: message }),
  process(context, input, key) {
    const record = context.state.addAssessment(input, context.origin, key);
    const data = {
      id: record.id,
      link: record.link,
      expires_at: record.expires_at,
    };
    return { status: 201, body: { data } };
  },
};

/** Rules of `POST /sms/send`. */
export const SMS_SPEC: ApiSpec<SmsInput> = {
  api: "sms",
  invalidStatus: 400,
  processedOutcome: "sent",
  unauthorizedMessage: "Invalid or missing API key",
  isAuthorized(context, request) {
    return headerValue(request, "x-api-key") === context.smsKey;
  },
  parse: parseSmsInput,
  isBlacklisted(context, input) {
    return context.faults.sms.settings.blacklist.has(input.to);
  },
  errorBody: (message) => ({ status: "error", error: message }),
  process(context, input, key) {
    const record = context.state.addMessage(input, key);
    return { status: 200, body: { status: "ok", message_id: record.id } };
  },
};
