/**
 * Writes a file whole or not at all: text goes to a temporary file next to
 * the target, which replaces the target only on commit.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

const DEFAULT_BUFFER_SIZE = 64 * 1024;

/** Options of {@linkcode AtomicFile.create}. */
export interface AtomicFileOptions {
  /** Kind of file named in error messages. @default "file" */
  label?: string;
  /** Bytes collected before one write to the disk. @default 65536 */
  bufferSize?: number;
}

/** A failure to create, write or commit a file, with a message for users. */
export class FileWriteError extends Error {
  /** Target path of the failed file. */
  readonly path: string;

  /** Creates the error; `message` is the complete message for users. */
  constructor(path: string, message: string, options: ErrorOptions = {}) {
    super(message, options);
    this.name = "FileWriteError";
    this.path = path;
  }
}

/**
 * A file under construction. The temporary file is created readable by its
 * owner only (mode 0600), and rename keeps that mode on the target.
 */
export class AtomicFile implements AsyncDisposable {
  #path: string;
  #tempPath: string;
  #label: string;
  #file: Deno.FsFile | undefined;
  #buffer: Uint8Array;
  #used = 0;
  #encoder = new TextEncoder();
  #tail: Promise<void> = Promise.resolve();
  #state: "open" | "committed" | "aborted" = "open";

  private constructor(
    path: string,
    tempPath: string,
    file: Deno.FsFile,
    options: AtomicFileOptions,
  ) {
    this.#path = path;
    this.#tempPath = tempPath;
    this.#file = file;
    this.#label = options.label ?? "file";
    this.#buffer = new Uint8Array(options.bufferSize ?? DEFAULT_BUFFER_SIZE);
  }

  /**
   * Creates the temporary file for `path`, and the parent directory (mode
   * 0700) if it is missing.
   *
   * @throws {FileWriteError} when the directory or file cannot be created.
   */
  static async create(
    path: string,
    options: AtomicFileOptions = {},
  ): Promise<AtomicFile> {
    const label = options.label ?? "file";
    const directory = dirname(path);
    const tempPath = join(directory, temporaryName(path));
    try {
      await Deno.mkdir(directory, { recursive: true, mode: 0o700 });
      const file = await Deno.open(tempPath, {
        write: true,
        createNew: true,
        mode: 0o600,
      });
      return new AtomicFile(path, tempPath, file, options);
    } catch (error) {
      throw writeError(label, path, error);
    }
  }

  /** Target path, which exists only after {@linkcode commit}. */
  get path(): string {
    return this.#path;
  }

  /** Path of the temporary file while the file is open. */
  get tempPath(): string {
    return this.#tempPath;
  }

  /**
   * Appends `text`. Writes reach the disk in batches of `bufferSize` bytes,
   * and calls made without awaiting the previous one keep their order.
   *
   * @throws {FileWriteError} when writing fails or the file is closed.
   */
  write(text: string): Promise<void> {
    this.#tail = this.#tail.then(() => this.#append(text));
    return this.#tail;
  }

  /**
   * Flushes, syncs and closes the temporary file, then renames it over the
   * target.
   *
   * @throws {FileWriteError} when any step fails; the temporary file is
   * removed then.
   */
  async commit(): Promise<void> {
    const file = this.#requireOpen();
    try {
      await this.#tail;
      await this.#flush(file);
      await file.syncData();
      this.#close();
      await Deno.rename(this.#tempPath, this.#path);
      this.#state = "committed";
    } catch (error) {
      await this.abort();
      throw error instanceof FileWriteError
        ? error
        : writeError(this.#label, this.#path, error);
    }
  }

  /** Closes and removes the temporary file unless committed. Never throws. */
  async abort(): Promise<void> {
    if (this.#state !== "open") return;
    this.#state = "aborted";
    this.#close();
    await Deno.remove(this.#tempPath).catch(() => {});
  }

  /** Aborts the file unless it was committed. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.abort();
  }

  async #append(text: string): Promise<void> {
    const file = this.#requireOpen();
    try {
      await this.#encodeAndBuffer(file, text);
    } catch (error) {
      throw writeError(this.#label, this.#path, error);
    }
  }

  async #encodeAndBuffer(file: Deno.FsFile, text: string): Promise<void> {
    const room = this.#buffer.subarray(this.#used);
    const { read, written } = this.#encoder.encodeInto(text, room);
    this.#used += written;
    if (read === text.length) return;

    // The buffer is full: write it out, then handle the rest of the text.
    await this.#flush(file);
    const rest = text.slice(read);
    if (rest.length * 3 <= this.#buffer.length) {
      this.#used = this.#encoder.encodeInto(rest, this.#buffer).written;
    } else {
      await writeAll(file, this.#encoder.encode(rest));
    }
  }

  async #flush(file: Deno.FsFile): Promise<void> {
    if (this.#used === 0) return;
    await writeAll(file, this.#buffer.subarray(0, this.#used));
    this.#used = 0;
  }

  #requireOpen(): Deno.FsFile {
    if (this.#state === "open" && this.#file !== undefined) return this.#file;
    throw new FileWriteError(
      this.#path,
      `Cannot write ${this.#label} "${this.#path}": the file is already ` +
        `${this.#state}, open a new one`,
    );
  }

  #close(): void {
    try {
      this.#file?.close();
    } catch {
      // Already closed: nothing left to release.
    }
    this.#file = undefined;
  }
}

/** Hidden, unique name in the target's directory, so rename stays atomic. */
function temporaryName(path: string): string {
  const random = crypto.getRandomValues(new Uint8Array(6));
  const suffix = Array.from(random, (b) => b.toString(16).padStart(2, "0"))
    .join("");
  return `.${basename(path)}.${suffix}.tmp`;
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await file.write(bytes.subarray(offset));
  }
}

function writeError(label: string, path: string, error: unknown): Error {
  if (error instanceof FileWriteError) return error;
  const message = `Cannot write ${label} "${path}": ${describe(path, error)}`;
  return new FileWriteError(path, message, { cause: error });
}

function describe(path: string, error: unknown): string {
  const directory = dirname(path);
  if (error instanceof Deno.errors.NotCapable) {
    return `write access is not granted, allow writes to "${directory}"`;
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return `permission denied, check the permissions of "${directory}"`;
  }
  if (error instanceof Deno.errors.IsADirectory) {
    return "the path is a directory, choose a file name";
  }
  if (error instanceof Deno.errors.NotFound) {
    return `directory "${directory}" not found`;
  }
  // mkdir reports a file in the way of the directory as AlreadyExists.
  if (
    error instanceof Deno.errors.NotADirectory ||
    error instanceof Deno.errors.AlreadyExists
  ) {
    return `a part of "${directory}" is a file, not a directory`;
  }
  return error instanceof Error ? error.message : String(error);
}
