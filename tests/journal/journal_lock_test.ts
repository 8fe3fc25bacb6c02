import assert from "node:assert/strict";
import { join } from "node:path";
import {
  JournalLockedError,
  lockJournal,
} from "../../src/journal/journal_lock.ts";
import { permissionBits } from "./fixtures.ts";

Deno.test("lockJournal writes the PID to the lock file", async () => {
  const directory = await Deno.makeTempDir();
  const journal = join(directory, "run.jsonl");

  const lock = await lockJournal(journal);

  assert.equal(await Deno.readTextFile(`${journal}.lock`), `${Deno.pid}\n`);
  assert.equal(await permissionBits(`${journal}.lock`), 0o600);
  lock.release();
  await Deno.remove(directory, { recursive: true });
});

Deno.test("lockJournal refuses a held lock naming the PID", async () => {
  const directory = await Deno.makeTempDir();
  const journal = join(directory, "run.jsonl");
  const lock = await lockJournal(journal);

  await assert.rejects(lockJournal(journal), (error) => {
    assert.ok(error instanceof JournalLockedError);
    assert.equal(error.pid, Deno.pid);
    assert.equal(
      error.message,
      `Journal "${journal}" is in use by process ${Deno.pid}: wait for that run to end, or pass another --journal`,
    );
    return true;
  });
  lock.release();
  await Deno.remove(directory, { recursive: true });
});

Deno.test("lockJournal names no PID it cannot read", async () => {
  const directory = await Deno.makeTempDir();
  const journal = join(directory, "run.jsonl");
  const lock = await lockJournal(journal);
  await Deno.writeTextFile(`${journal}.lock`, "");

  await assert.rejects(lockJournal(journal), (error) => {
    assert.ok(error instanceof JournalLockedError);
    assert.equal(error.pid, undefined);
    assert.match(error.message, /is in use by another process: /);
    return true;
  });
  lock.release();
  await Deno.remove(directory, { recursive: true });
});

Deno.test("lockJournal succeeds again after release", async () => {
  const directory = await Deno.makeTempDir();
  const journal = join(directory, "run.jsonl");

  {
    using _first = await lockJournal(journal);
  }
  const second = await lockJournal(journal);
  second.release();
  second.release();

  assert.equal(await Deno.readTextFile(`${journal}.lock`), `${Deno.pid}\n`);
  await Deno.remove(directory, { recursive: true });
});
