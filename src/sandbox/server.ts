/**
 * The loopback HTTP server of the sandbox and its shutdown.
 *
 * `node:http` is used instead of `Deno.serve` because a drop fault must close
 * the TCP connection with no HTTP response. A `node:http` handler can destroy
 * `request.socket`, while a `Deno.serve` handler (Deno 2.9.6) has no direct
 * way to close its connection.
 *
 * @module
 */

import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { SandboxContext } from "./context.ts";
import { routeRequest } from "./routes.ts";

/** The only address the sandbox listens on. */
export const SANDBOX_HOSTNAME = "127.0.0.1";

/** A listening server with a way to stop it and every open connection. */
export interface RunningServer {
  /** Port the server listens on. */
  readonly port: number;
  /** Closes the listener and destroys every open connection. */
  close(): Promise<void>;
}

/**
 * Starts the server on `port` (0 for a free one) and sets `context.origin`
 * before the first request can arrive.
 */
export async function listen(
  context: SandboxContext,
  port: number,
  stop: AbortController,
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void routeRequest(context, request, response);
  });

  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const actualPort = await startListening(server, port);
  context.origin = `http://${SANDBOX_HOSTNAME}:${actualPort}`;

  return {
    port: actualPort,
    close: () => closeServer(server, sockets, stop),
  };
}

function startListening(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, SANDBOX_HOSTNAME, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeServer(
  server: Server,
  sockets: Set<Socket>,
  stop: AbortController,
): Promise<void> {
  stop.abort();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  await closed;
}
