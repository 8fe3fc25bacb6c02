/**
 * Progress on stderr: a live line on a terminal, a plain line every few
 * seconds otherwise (cron mails, CI logs), nothing with `--quiet`.
 *
 * @module
 */
import type { RecipientRecord } from "../pipeline/outcome.ts";
import type { LineSink } from "./terminal_io.ts";

/** How often the live line is redrawn on a terminal. */
const LIVE_INTERVAL_MS = 200;
/** How often a plain line is printed without a terminal. */
const PLAIN_INTERVAL_MS = 5000;

/** Options of {@linkcode Progress}. */
export interface ProgressOptions {
  sink: LineSink;
  /** Uses the live line; otherwise plain lines now and then. */
  live: boolean;
  /** Recipients expected, when the input could be counted in advance. */
  total?: number;
}

/** Counts finished recipients and shows the run's pace. */
export class Progress {
  #options: ProgressOptions;
  #started = performance.now();
  #lastShown = -Infinity;
  #done = 0;
  #sent = 0;
  #failed = 0;

  /** Creates a progress display; nothing is shown until records arrive. */
  constructor(options: ProgressOptions) {
    this.#options = options;
  }

  /** Counts one finished record and redraws when it is time. */
  add(record: RecipientRecord): void {
    this.#done++;
    if (record.status === "sent") this.#sent++;
    if (record.status === "failed" || record.status === "unknown") {
      this.#failed++;
    }
    const now = performance.now();
    const interval = this.#options.live ? LIVE_INTERVAL_MS : PLAIN_INTERVAL_MS;
    if (now - this.#lastShown < interval) return;
    this.#lastShown = now;
    this.#show(now);
  }

  /** Clears the live line, so the summary starts on a clean line. */
  end(): void {
    if (this.#options.live && this.#lastShown > -Infinity) {
      this.#options.sink.writeLive?.("");
    }
  }

  #show(now: number): void {
    const line = this.#describe(now);
    if (this.#options.live && this.#options.sink.writeLive) {
      this.#options.sink.writeLive(line);
    } else {
      this.#options.sink.writeLine(line);
    }
  }

  #describe(now: number): string {
    const seconds = (now - this.#started) / 1000;
    const rate = seconds > 0 ? this.#done / seconds : 0;
    const total = this.#options.total;
    const done = total === undefined
      ? `${this.#done}`
      : `${this.#done}/${total}`;
    const parts = [
      done,
      `sent ${this.#sent}`,
      `failed ${this.#failed}`,
      `${rate.toFixed(1)}/s`,
    ];
    if (total !== undefined && rate > 0 && total >= this.#done) {
      parts.push(`ETA ${formatDuration((total - this.#done) / rate)}`);
    }
    return parts.join("  ");
  }
}

function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return minutes > 0
    ? `${minutes}m${String(rest).padStart(2, "0")}s`
    : `${rest}s`;
}
