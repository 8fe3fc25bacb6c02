/**
 * Ctrl-C and SIGTERM: the first stops new work and lets requests in flight
 * finish; the second ends the process at once.
 *
 * @module
 */
import { EXIT } from "./exit_codes.ts";
import type { LineSink } from "./terminal_io.ts";

/** Signals of one run, removed again on dispose. */
export interface RunSignals extends Disposable {
  /** Aborted by the first signal: start nothing new. */
  stop: AbortSignal;
}

/** Options of {@linkcode watchSignals}. */
export interface WatchSignalsOptions {
  /** Installs real handlers; off for runs inside tests. */
  install: boolean;
  stderr: LineSink;
  /** How to continue the run later, printed on the first signal. */
  resumeHint: string;
}

/** Listens for SIGINT and SIGTERM for the length of a run. */
export function watchSignals(options: WatchSignalsOptions): RunSignals {
  const stop = new AbortController();
  if (!options.install) {
    return { stop: stop.signal, [Symbol.dispose]: () => {} };
  }
  const onSignal = () => {
    if (stop.signal.aborted) {
      options.stderr.writeLine(
        `Aborted: the journal is consistent. ${options.resumeHint}`,
      );
      Deno.exit(EXIT.INTERRUPTED);
    }
    options.stderr.writeLine(
      "Stopping: no new recipients are started, requests in flight finish. Press Ctrl-C again to abort at once",
    );
    stop.abort();
  };
  const installed = (["SIGINT", "SIGTERM"] as const).filter((signal) => {
    try {
      Deno.addSignalListener(signal, onSignal);
      return true;
    } catch {
      // Windows has no SIGTERM listener; Ctrl-C still works there.
      return false;
    }
  });
  return {
    stop: stop.signal,
    [Symbol.dispose]: () => {
      for (const signal of installed) {
        Deno.removeSignalListener(signal, onSignal);
      }
    },
  };
}
