/**
 * Reading request bodies and writing responses on `node:http` objects.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest request body read, in bytes; larger ones get 413. */
export const MAX_BODY_BYTES = 1_048_576;

/** Result of reading a request body. */
export type BodyResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: "tooLarge" | "aborted" };

const UTF8 = new TextDecoder("utf-8");

/** Reads the whole body of `request` as UTF-8 text, up to `MAX_BODY_BYTES`. */
export function readBody(request: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;

    request.on("data", (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) {
        resolve({ ok: false, reason: "tooLarge" });
        return;
      }

      resolve({ ok: true, text: UTF8.decode(concatChunks(chunks, size)) });
    });
    request.on("error", () => resolve({ ok: false, reason: "aborted" }));
    request.on("close", () => resolve({ ok: false, reason: "aborted" }));
  });
}

function concatChunks(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];

  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }

  return bytes;
}

/** Sends `body` as JSON with `status` and any extra `headers`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(response, status, JSON.stringify(body), {
    ...headers,
    "content-type": "application/json; charset=utf-8",
  });
}

/** Sends an HTML page with `status`. */
export function sendHtml(
  response: ServerResponse,
  status: number,
  html: string,
): void {
  send(response, status, html, { "content-type": "text/html; charset=utf-8" });
}

function send(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  if (response.headersSent || response.destroyed) return;

  const bytes = new TextEncoder().encode(text);
  response.writeHead(status, {
    ...headers,
    "content-length": String(bytes.byteLength),
  });
  response.end(bytes);
}

/** Closes the connection of `request` at once, sending no HTTP response. */
export function closeWithoutResponse(request: IncomingMessage): void {
  request.socket.destroy();
}

/** Returns the single value of header `name`, or `undefined`. */
export function headerValue(
  request: IncomingMessage,
  name: string,
): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
