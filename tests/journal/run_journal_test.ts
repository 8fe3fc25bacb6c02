import assert from "node:assert/strict";
import { join } from "node:path";
import type { RunHeader } from "../../src/journal/journal_records.ts";
import {
  JournalError,
  JournalLockedError,
  openRunJournal,
} from "../../src/journal/run_journal.ts";
import { HEADER, permissionBits, readRecords } from "./fixtures.ts";

const PHONE_A = "+97699112233";
const PHONE_B = "+97688112233";
const PHONE_C = "+97695112233";

/** Returns a journal path in a new temporary folder. */
async function journalPath(): Promise<string> {
  const directory = await Deno.makeTempDir();
  return join(directory, "run.jsonl");
}

/** Removes the temporary folder of a journal from `journalPath`. */
async function removeJournal(path: string): Promise<void> {
  await Deno.remove(join(path, ".."), { recursive: true });
}

/** Header a later run would write: another run id, the same hashes. */
const RESUMING: RunHeader = { ...HEADER, runId: "20250311T080000-ffff" };

Deno.test("openRunJournal creates the file with the header", async () => {
  const path = await journalPath();

  const journal = await openRunJournal(path, { header: HEADER, resume: false });
  await journal.record({ type: "sms_requested", phone: PHONE_A, key: "k" });

  assert.deepEqual(await readRecords(path), [
    HEADER,
    { type: "sms_requested", phone: PHONE_A, key: "k" },
  ]);
  assert.equal(await permissionBits(path), 0o600);
  assert.equal(journal.path, path);
  assert.equal(journal.repairedTornLine, false);
  assert.equal(journal.knownRecipients, 0);
  assert.deepEqual(journal.stateOf(PHONE_A), {
    assessmentPending: false,
    smsPending: false,
    unknown: false,
  });
  await journal.close();
  await removeJournal(path);
});

Deno.test("openRunJournal refuses to overwrite a journal", async () => {
  const path = await journalPath();
  await Deno.writeTextFile(path, JSON.stringify(HEADER) + "\n");

  await assert.rejects(
    openRunJournal(path, { header: HEADER, resume: false }),
    (error) => {
      assert.ok(error instanceof JournalError);
      assert.equal(
        error.message,
        `Journal "${path}" already exists: pass --resume ${path} to continue that run, or choose another --journal`,
      );
      return true;
    },
  );
  assert.equal(await Deno.readTextFile(path), JSON.stringify(HEADER) + "\n");

  // The refused open released its lock.
  const journal = await openRunJournal(path, { header: HEADER, resume: true });
  await journal.close();
  await removeJournal(path);
});

Deno.test("openRunJournal refuses a journal in use", async () => {
  const path = await journalPath();
  const first = await openRunJournal(path, { header: HEADER, resume: false });

  await assert.rejects(
    openRunJournal(path, { header: HEADER, resume: true }),
    (error) => {
      assert.ok(error instanceof JournalLockedError);
      assert.equal(error.pid, Deno.pid);
      assert.equal(
        error.message,
        `Journal "${path}" is in use by process ${Deno.pid}: wait for that run to end, or pass another --journal`,
      );
      return true;
    },
  );
  await first.close();
  await removeJournal(path);
});

Deno.test("openRunJournal reopens a closed journal", async () => {
  const path = await journalPath();
  const first = await openRunJournal(path, { header: HEADER, resume: false });
  await first.close();

  const second = await openRunJournal(path, {
    header: RESUMING,
    resume: true,
  });
  await second.close();

  assert.deepEqual(second.header, HEADER);
  const records = await readRecords(path);
  assert.equal(records.length, 2);
  assert.equal(records[1]?.type, "resume");
  assert.equal(typeof records[1]?.at, "string");
  await removeJournal(path);
});

Deno.test("openRunJournal resume restores each recipient", async () => {
  const path = await journalPath();
  const first = await openRunJournal(path, { header: HEADER, resume: false });
  await first.record({
    type: "assessment_requested",
    phone: PHONE_A,
    key: "a",
  });
  await first.record({
    type: "assessment_created",
    phone: PHONE_A,
    id: "as-1",
    link: "https://a.example.com/as-1",
  });
  await first.record({ type: "sms_requested", phone: PHONE_A, key: "s" });
  await first.record({
    type: "assessment_created",
    phone: PHONE_B,
    link: "https://a.example.com/as-2",
  });
  await first.record({ type: "sms_requested", phone: PHONE_B, key: "s" });
  await first.record({ type: "sms_sent", phone: PHONE_B, messageId: "m-2" });
  await first.record({
    type: "assessment_requested",
    phone: PHONE_C,
    key: "a",
  });
  await first.close();

  const journal = await openRunJournal(path, {
    header: RESUMING,
    resume: true,
  });
  await journal.close();

  assert.equal(journal.knownRecipients, 3);
  assert.deepEqual(journal.stateOf(PHONE_A), {
    assessment: { id: "as-1", link: "https://a.example.com/as-1" },
    assessmentPending: false,
    smsPending: true,
    unknown: false,
  });
  assert.deepEqual(journal.stateOf(PHONE_B).sent, { messageId: "m-2" });
  assert.equal(journal.stateOf(PHONE_B).smsPending, false);
  assert.equal(journal.stateOf(PHONE_C).assessmentPending, true);
  assert.equal(journal.stateOf(PHONE_C).assessment, undefined);
  assert.equal(journal.stateOf("+97691112233").sent, undefined);
  await removeJournal(path);
});

Deno.test("openRunJournal repairs a torn last line", async () => {
  const path = await journalPath();
  const whole = JSON.stringify(HEADER) + "\n" +
    JSON.stringify({ type: "sms_requested", phone: PHONE_A, key: "s" }) + "\n";
  await Deno.writeTextFile(path, whole + '{"type":"sms_sent","pho');

  const journal = await openRunJournal(path, {
    header: RESUMING,
    resume: true,
  });
  await journal.record({ type: "sms_sent", phone: PHONE_A });
  await journal.close();

  assert.equal(journal.repairedTornLine, true);
  assert.equal(journal.stateOf(PHONE_A).smsPending, true);
  const records = await readRecords(path);
  assert.deepEqual(records.map((record) => record.type), [
    "run",
    "sms_requested",
    "resume",
    "sms_sent",
  ]);
  await removeJournal(path);
});

Deno.test("openRunJournal names a damaged middle line", async () => {
  const path = await journalPath();
  await Deno.writeTextFile(
    path,
    JSON.stringify(HEADER) + "\nnot json\n" +
      JSON.stringify({ type: "sms_sent", phone: PHONE_A }) + "\n",
  );

  for (let attempt = 0; attempt < 2; attempt += 1) {
    // The second try shows the failed open released its lock.
    await assert.rejects(
      openRunJournal(path, { header: RESUMING, resume: true }),
      {
        name: "JournalError",
        message: `Journal "${path}" line 2 is damaged: not valid JSON`,
      },
    );
  }
  await removeJournal(path);
});

Deno.test("openRunJournal refuses a changed input or config", async () => {
  const path = await journalPath();
  const first = await openRunJournal(path, { header: HEADER, resume: false });
  await first.close();
  const cases: [RunHeader, string][] = [
    [
      { ...RESUMING, inputSha256: "2".repeat(64) },
      'the input (was "numbers.txt") changed',
    ],
    [
      { ...RESUMING, configSha256: "d".repeat(64) },
      "the configuration changed",
    ],
    [
      {
        ...RESUMING,
        inputSha256: "2".repeat(64),
        configSha256: "d".repeat(64),
      },
      'the input (was "numbers.txt") and the configuration changed',
    ],
  ];

  for (const [header, change] of cases) {
    await assert.rejects(openRunJournal(path, { header, resume: true }), {
      name: "JournalError",
      message:
        `Cannot resume "${path}": ${change} since that run: pass --allow-changes to resume anyway`,
    });
  }
  assert.equal((await readRecords(path)).length, 1);
  await removeJournal(path);
});

Deno.test("openRunJournal ignores an input without a hash", async () => {
  const path = await journalPath();
  const first = await openRunJournal(path, { header: HEADER, resume: false });
  await first.close();
  const { inputSha256: _, ...fromStdin } = RESUMING;

  const journal = await openRunJournal(path, {
    header: { ...fromStdin, input: "-" },
    resume: true,
  });
  await journal.close();

  assert.deepEqual(journal.header, HEADER);
  await removeJournal(path);
});

Deno.test("openRunJournal resumes changes when allowed", async () => {
  const path = await journalPath();
  const first = await openRunJournal(path, { header: HEADER, resume: false });
  await first.close();

  const journal = await openRunJournal(path, {
    header: { ...RESUMING, configSha256: "d".repeat(64) },
    resume: true,
    allowChanges: true,
  });

  assert.deepEqual(journal.header, HEADER);
  await journal.close();
  await removeJournal(path);
});

Deno.test("openRunJournal resume of a missing journal", async () => {
  const path = await journalPath();

  await assert.rejects(openRunJournal(path, { header: HEADER, resume: true }), {
    name: "JournalError",
    message: `Journal "${path}" not found: check the path given to --resume`,
  });
  await removeJournal(path);
});

Deno.test("openRunJournal records 200 concurrent steps", async () => {
  const path = await journalPath();
  const journal = await openRunJournal(path, { header: HEADER, resume: false });
  const phones = Array.from({ length: 200 }, (_, i) => `+976881${10000 + i}`);

  await Promise.all(
    phones.map((phone) =>
      journal.record({ type: "sms_sent", phone, messageId: `m-${phone}` })
    ),
  );
  await journal.close();

  const records = await readRecords(path);
  assert.equal(records.length, 201);
  assert.deepEqual(records[0], HEADER);
  assert.deepEqual(
    records.slice(1).map((record) => record.phone).sort(),
    phones.toSorted(),
  );
  for (const record of records.slice(1)) {
    assert.equal(record.messageId, `m-${record.phone}`);
  }

  const reopened = await openRunJournal(path, {
    header: RESUMING,
    resume: true,
  });
  await reopened.close();
  assert.equal(reopened.knownRecipients, 200);
  await removeJournal(path);
});

Deno.test("openRunJournal starts afresh after a torn header", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/run.journal.jsonl`;
  await Deno.writeTextFile(path, '{"type":"run","vers');

  const journal = await openRunJournal(path, {
    header: {
      type: "run",
      version: 1,
      runId: "r-new",
      startedAt: "2026-12-04T00:00:00.000Z",
      input: "numbers.txt",
      configSha256: "c",
    },
    resume: true,
  });
  await journal.close();

  const lines = (await Deno.readTextFile(path)).trim().split("\n");
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]!).runId, "r-new");
  await Deno.remove(dir, { recursive: true });
});
