/**
 * Turns an API description and one recipient's placeholder values into a
 * `Request`.
 *
 * @module
 */

import type { ApiConfig } from "../config/schema.ts";
import {
  type PlaceholderValues,
  renderField,
  renderText,
} from "../message/template.ts";

/** Options of {@linkcode buildRequest}. */
export interface BuildRequestOptions {
  /** Sent as `Idempotency-Key` on every method but GET. */
  idempotencyKey: string;
  signal: AbortSignal;
}

/** Builds the request for one call of `api`. */
export function buildRequest(
  api: ApiConfig,
  values: PlaceholderValues,
  options: BuildRequestOptions,
): Request {
  const url = new URL(renderUrl(api.url, values));
  const headers = new Headers({ Accept: "application/json" });
  for (const [name, template] of Object.entries(api.headers)) {
    headers.set(name, renderText(template, values));
  }
  if (api.method !== "GET") {
    headers.set("Idempotency-Key", options.idempotencyKey);
  }

  const fields = renderBody(api.body, values);
  let body: string | undefined;
  if (api.body_format === "query" || api.method === "GET") {
    for (const [key, value] of Object.entries(fields)) {
      url.searchParams.set(key, formValue(value));
    }
  } else if (api.body_format === "form") {
    body = new URLSearchParams(formEntries(fields)).toString();
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  } else {
    body = JSON.stringify(fields);
    headers.set("Content-Type", "application/json");
  }

  return new Request(url, {
    method: api.method,
    headers,
    body: body ?? null,
    signal: options.signal,
  });
}

function renderUrl(template: string, values: PlaceholderValues): string {
  const encoded = new Map(
    [...values].map(([key, value]) => [
      key,
      encodeURIComponent(formValue(value)),
    ]),
  );
  return renderText(template, encoded);
}

function renderBody(
  body: Record<string, unknown>,
  values: PlaceholderValues,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).map((
      [key, value],
    ) => [key, renderNode(value, values)]),
  );
}

function renderNode(node: unknown, values: PlaceholderValues): unknown {
  if (Array.isArray(node)) return node.map((item) => renderNode(item, values));
  if (node !== null && typeof node === "object") {
    return renderBody(node as Record<string, unknown>, values);
  }
  return renderField(node, values);
}

function formEntries(fields: Record<string, unknown>): [string, string][] {
  return Object.entries(fields).map(([key, value]) => [key, formValue(value)]);
}

function formValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(",");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}
