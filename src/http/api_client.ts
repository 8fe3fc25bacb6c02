/**
 * The HTTP client each API is called through.
 *
 * @module
 */
import type { ApiConfig } from "../config/schema.ts";

/**
 * Creates the client for `api`, or `undefined` for Deno's shared one.
 *
 * Deno's fetch (2.9.6, measured) sends a POST a second time by itself when
 * a server reads it on a reused keep-alive connection and then closes that
 * connection without answering. Only an idempotency key the server honours
 * makes that harmless, so an API without one gets a client that never
 * reuses a connection. Close the client when the run ends.
 */
export function createApiClient(api: ApiConfig): Deno.HttpClient | undefined {
  if (api.honours_idempotency_key) return undefined;
  return Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
}
