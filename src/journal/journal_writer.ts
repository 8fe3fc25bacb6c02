/**
 * Appends journal lines durably. Lines from concurrent recipients are
 * grouped into one write and one `fdatasync`, so each caller waits for its
 * own line to be on disk without paying a disk flush per line.
 *
 * @module
 */

import type { JournalRecord } from "./journal_records.ts";

const encoder = new TextEncoder();

/** Options of {@linkcode JournalWriter.open}. */
export interface JournalWriterOptions {
  /** Flushes to the disk after each group of lines. @default true */
  sync?: boolean;
}

/** An open journal file that lines are appended to. */
export class JournalWriter {
  #file: Deno.FsFile;
  #sync: boolean;
  #queue: { line: string; done: () => void; fail: (e: unknown) => void }[] = [];
  #flushing: Promise<void> | undefined;
  #failure: unknown;

  private constructor(file: Deno.FsFile, sync: boolean) {
    this.#file = file;
    this.#sync = sync;
  }

  /** Opens `path` for appending, creating it readable by its owner only. */
  static async open(
    path: string,
    options: JournalWriterOptions = {},
  ): Promise<JournalWriter> {
    const file = await Deno.open(path, {
      append: true,
      create: true,
      mode: 0o600,
    });
    return new JournalWriter(file, options.sync ?? true);
  }

  /**
   * Appends `record` and resolves once it is written (and flushed to the
   * disk unless `sync` is off).
   */
  append(record: JournalRecord): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const line = JSON.stringify(record) + "\n";
    const written = new Promise<void>((done, fail) => {
      this.#queue.push({ line, done, fail });
    });
    this.#flushing ??= this.#flush();
    return written;
  }

  /**
   * Queues `record` without waiting for it. It reaches the disk with the
   * next group, and a later `append` or `close` fails if writing it failed.
   */
  appendLater(record: JournalRecord): void {
    this.append(record).catch(() => {
      // The failure is kept in #failure and raised by the next caller.
    });
  }

  async #flush(): Promise<void> {
    // Lets the other recipients of this tick queue their lines first.
    await Promise.resolve();
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        await writeAll(
          this.#file,
          encoder.encode(batch.map((entry) => entry.line).join("")),
        );
        if (this.#sync) await this.#file.syncData();
        for (const entry of batch) entry.done();
      } catch (error) {
        this.#failure = error;
        for (const entry of [...batch, ...this.#queue]) entry.fail(error);
        this.#queue = [];
      }
    }
    this.#flushing = undefined;
  }

  /** Waits for queued lines and closes the file. */
  async close(): Promise<void> {
    await this.#flushing;
    this.#file.close();
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await file.write(bytes.subarray(offset));
  }
}
