/**
 * An exclusive lock on a journal, so two processes never drive the same
 * recipients. The operating system releases it when the process dies,
 * even by SIGKILL.
 *
 * @module
 */

/** Another process holds the journal. */
export class JournalLockedError extends Error {
  /** PID written by the holder, when readable. */
  readonly pid: number | undefined;

  /** Creates the error for `journal` held by `pid`. */
  constructor(journal: string, pid: number | undefined) {
    const holder = pid === undefined ? "another process" : `process ${pid}`;
    super(
      `Journal "${journal}" is in use by ${holder}: wait for that run to end, or pass another --journal`,
    );
    this.name = "JournalLockedError";
    this.pid = pid;
  }
}

/** A held lock; release it with `release()` or `using`. */
export interface JournalLock extends Disposable {
  release(): void;
}

/**
 * Takes the lock `<journal>.lock` and writes this process's PID into it.
 *
 * @throws {JournalLockedError} when another process holds it.
 */
export async function lockJournal(journal: string): Promise<JournalLock> {
  const path = `${journal}.lock`;
  const file = await Deno.open(path, {
    read: true,
    write: true,
    create: true,
    mode: 0o600,
  });
  if (!(await file.tryLock(true))) {
    const pid = await readPid(file);
    file.close();
    throw new JournalLockedError(journal, pid);
  }

  await file.truncate(0);
  await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
  const release = () => {
    try {
      file.close();
    } catch {
      // Already closed: the lock is released either way.
    }
  };
  return { release, [Symbol.dispose]: release };
}

async function readPid(file: Deno.FsFile): Promise<number | undefined> {
  const buffer = new Uint8Array(32);
  const read = await file.read(buffer);
  if (read === null) return undefined;
  const pid = Number.parseInt(
    new TextDecoder().decode(buffer.subarray(0, read)),
    10,
  );
  return Number.isNaN(pid) ? undefined : pid;
}
