/**
 * API descriptions and a recording loopback server shared by the HTTP tests.
 *
 * @module
 */

import type { ApiConfig } from "../../src/config/schema.ts";

/** Builds an API description with the schema's defaults and `overrides`. */
export function apiOf(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    url: "http://127.0.0.1:9/send",
    method: "POST",
    headers: {},
    body_format: "json",
    body: {},
    honours_idempotency_key: false,
    timeout_seconds: 5,
    ...overrides,
  };
}

/** What the server received in one request. */
export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** A server on 127.0.0.1 that records every request. */
export interface RecordingServer extends AsyncDisposable {
  /** Base URL such as `http://127.0.0.1:41234`. */
  url: string;
  requests: ReceivedRequest[];
  /** Ends requests still waiting in a handler, then shuts the server down. */
  close(): Promise<void>;
}

/**
 * Handles one request; `index` counts from 0. `released` resolves when the
 * test closes the server, so a slow handler can wait on it.
 */
export type Handler = (
  request: Request,
  index: number,
  released: Promise<void>,
) => Response | Promise<Response>;

/** Starts a recording server on 127.0.0.1 with a free port. */
export function startServer(handler: Handler): RecordingServer {
  const requests: ReceivedRequest[] = [];
  const release = Promise.withResolvers<void>();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async (request) => {
      const index = requests.length;
      requests.push({
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: await request.text(),
      });
      return await handler(request, index, release.promise);
    },
  );
  const close = async () => {
    release.resolve();
    await server.shutdown();
  };
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Returns a loopback port where nothing listens, so connections fail. */
export async function closedPort(): Promise<number> {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => new Response(),
  );
  const port = server.addr.port;
  await server.shutdown();
  return port;
}

/** Builds a JSON response. */
export function json(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return Response.json(body, { status, headers });
}
