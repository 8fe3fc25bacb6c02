/**
 * Routes that inspect or steer the sandbox: listings, stats, the request log,
 * fault settings and reset.
 *
 * @module
 */

import { type Exchange, logExchange, type SandboxContext } from "./context.ts";
import {
  API_NAMES,
  type NormalizedFaultSettings,
  normalizeFaultSettings,
  type SandboxFaults,
} from "./fault_settings.ts";
import { sendJson } from "./http_io.ts";

/** Applies `faults` to both APIs; an API left out gets no faults. */
export function applyFaults(context: SandboxContext, faults: unknown): void {
  if (typeof faults !== "object" || faults === null || Array.isArray(faults)) {
    throw new TypeError(
      `Invalid fault settings: expected an object with "assessment" and "sms" keys, got ${
        JSON.stringify(faults)
      }`,
    );
  }

  const byApi = faults as Record<string, unknown>;
  for (const name of Object.keys(byApi)) {
    if (!(API_NAMES as readonly string[]).includes(name)) {
      throw new RangeError(
        `Invalid fault settings: unknown API "${name}", use "assessment" or "sms"`,
      );
    }
  }

  // Validate both before applying either, so a bad request changes nothing.
  const assessment = normalizeFaultSettings(byApi.assessment, "assessment");
  const sms = normalizeFaultSettings(byApi.sms, "sms");
  context.faults.assessment.set(assessment);
  context.faults.sms.set(sms);
}

/** Clears records, keys, counters, the log and the faults. */
export function resetSandbox(context: SandboxContext): void {
  context.state.clear();
  context.keys.clear();
  context.log.clear();
  context.faults.assessment.reset();
  context.faults.sms.reset();
}

/** Returns the fault settings in force in their public shape. */
export function currentFaults(context: SandboxContext): SandboxFaults {
  return {
    assessment: publicSettings(context.faults.assessment.settings),
    sms: publicSettings(context.faults.sms.settings),
  };
}

function publicSettings(settings: NormalizedFaultSettings) {
  return { ...settings, blacklist: [...settings.blacklist] };
}

/** Serves `GET /_sandbox/faults` and `PUT /_sandbox/faults`. */
export function handleFaults(
  context: SandboxContext,
  exchange: Exchange,
  body: string,
): void {
  if (exchange.request.method === "GET") {
    sendJson(exchange.response, 200, currentFaults(context));
    return;
  }

  try {
    applyFaults(context, body.trim() === "" ? {} : JSON.parse(body));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    sendJson(exchange.response, 400, { error: message });
    return;
  }

  sendJson(exchange.response, 200, currentFaults(context));
}

/** Serves `POST /_sandbox/reset`. */
export function handleReset(context: SandboxContext, exchange: Exchange): void {
  resetSandbox(context);
  sendJson(exchange.response, 200, { status: "ok" });
}

/** Serves the read-only listings under `/_sandbox/`, `/sms/` and `/api/`. */
export function handleListing(
  context: SandboxContext,
  exchange: Exchange,
  listing: "stats" | "requests" | "outbox" | "assessments",
): void {
  const { response } = exchange;

  switch (listing) {
    case "stats":
      sendJson(response, 200, context.state.statsSnapshot());
      return;
    case "requests":
      sendJson(response, 200, context.log.entries());
      return;
    case "outbox":
      sendJson(response, 200, { messages: context.state.outbox() });
      logExchange(context, exchange, 200, "listed");
      return;
    case "assessments":
      sendJson(response, 200, { assessments: context.state.assessments() });
      logExchange(context, exchange, 200, "listed");
  }
}
