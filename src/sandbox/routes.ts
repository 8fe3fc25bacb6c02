/**
 * Maps each request to its handler by path and method.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { handleApiPost } from "./api_flow.ts";
import { ASSESSMENT_SPEC, SMS_SPEC } from "./api_specs.ts";
import { renderAssessmentPage, renderNotFoundPage } from "./assessment_page.ts";
import { type Exchange, logExchange, type SandboxContext } from "./context.ts";
import { handleFaults, handleListing, handleReset } from "./control_routes.ts";
import { readBody, sendHtml, sendJson } from "./http_io.ts";
import type { EndpointName } from "./request_log.ts";

type Handler = (
  context: SandboxContext,
  exchange: Exchange,
  body: string,
) => void | Promise<void>;

interface Route {
  readonly endpoint: EndpointName;
  readonly methods: Readonly<Record<string, Handler>>;
}

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ["/api/assessments", {
    endpoint: "assessment",
    methods: {
      POST: (context, exchange, body) =>
        handleApiPost(context, exchange, ASSESSMENT_SPEC, body),
      GET: (context, exchange) =>
        handleListing(
          context,
          { ...exchange, endpoint: "assessments" },
          "assessments",
        ),
    },
  }],
  ["/sms/send", {
    endpoint: "sms",
    methods: {
      POST: (context, exchange, body) =>
        handleApiPost(context, exchange, SMS_SPEC, body),
    },
  }],
  ["/sms/outbox", {
    endpoint: "outbox",
    methods: {
      GET: (context, exchange) => handleListing(context, exchange, "outbox"),
    },
  }],
  ["/_sandbox/stats", {
    endpoint: "other",
    methods: {
      GET: (context, exchange) => handleListing(context, exchange, "stats"),
    },
  }],
  ["/_sandbox/requests", {
    endpoint: "other",
    methods: {
      GET: (context, exchange) => handleListing(context, exchange, "requests"),
    },
  }],
  ["/_sandbox/faults", {
    endpoint: "other",
    methods: { GET: handleFaults, PUT: handleFaults },
  }],
  ["/_sandbox/reset", {
    endpoint: "other",
    methods: { POST: (context, exchange) => handleReset(context, exchange) },
  }],
]);

const PAGE_PREFIX = "/a/";

/** Handles one request, responding 500 if a handler throws. */
export async function routeRequest(
  context: SandboxContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    // Joined as text so that a path such as "//x" stays a path.
    const url = new URL(`${context.origin}${request.url ?? "/"}`);
    await dispatch(context, request, response, url);
  } catch {
    context.state.stats.internalErrors += 1;
    sendJson(response, 500, { error: "Sandbox internal error" });
  }
}

async function dispatch(
  context: SandboxContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const method = request.method ?? "GET";
  const route = ROUTES.get(url.pathname);

  if (route === undefined) {
    const endpoint = url.pathname.startsWith(PAGE_PREFIX) ? "page" : "other";
    const exchange = { request, response, url, endpoint } as const;
    if (endpoint === "page") servePage(context, exchange, method);
    else respondNotFound(context, exchange);
    return;
  }

  const exchange: Exchange = {
    request,
    response,
    url,
    endpoint: route.endpoint,
  };
  const handler = route.methods[method];
  if (handler === undefined) {
    respondMethodNotAllowed(context, exchange, Object.keys(route.methods));
    return;
  }

  const body = method === "GET"
    ? { ok: true as const, text: "" }
    : await readBody(request);
  if (!body.ok) {
    if (body.reason === "tooLarge") {
      sendJson(response, 413, {
        error: "Request body too large: send at most 1 MiB",
      });
      logExchange(context, exchange, 413, "tooLarge");
    }

    return;
  }

  await handler(context, exchange, body.text);
}

function servePage(
  context: SandboxContext,
  exchange: Exchange,
  method: string,
): void {
  if (method !== "GET") {
    respondMethodNotAllowed(context, exchange, ["GET"]);
    return;
  }

  const token = exchange.url.pathname.slice(PAGE_PREFIX.length);
  const assessment = context.state.assessmentByToken(token);

  if (assessment === undefined) {
    sendHtml(exchange.response, 404, renderNotFoundPage());
    logExchange(context, exchange, 404, "notFound");
    return;
  }

  sendHtml(exchange.response, 200, renderAssessmentPage(assessment));
  logExchange(context, exchange, 200, "opened");
}

function respondNotFound(context: SandboxContext, exchange: Exchange): void {
  const path = exchange.url.pathname;
  sendJson(exchange.response, 404, {
    error: `Not found: ${JSON.stringify(path)} is not a sandbox path`,
  });
  logExchange(context, exchange, 404, "notFound");
}

function respondMethodNotAllowed(
  context: SandboxContext,
  exchange: Exchange,
  allowed: string[],
): void {
  const method = exchange.request.method ?? "";
  const path = exchange.url.pathname;
  sendJson(exchange.response, 405, {
    error: `Method not allowed: ${method} ${path}, use ${allowed.join(" or ")}`,
  }, { allow: allowed.join(", ") });
  logExchange(context, exchange, 405, "methodNotAllowed");
}
