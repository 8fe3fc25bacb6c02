import assert from "node:assert/strict";
import { join } from "node:path";
import { JournalError, readJournal } from "../../src/journal/read_journal.ts";
import { HEADER } from "./fixtures.ts";

const encoder = new TextEncoder();

/** Writes `text` as a journal in a new temporary folder. */
async function journalWith(text: string): Promise<string> {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "run.jsonl");
  await Deno.writeTextFile(path, text);
  return path;
}

/** Removes the temporary folder of a journal from `journalWith`. */
async function removeJournal(path: string): Promise<void> {
  await Deno.remove(join(path, ".."), { recursive: true });
}

const STEPS = [
  HEADER,
  { type: "assessment_requested", phone: "+97699112233", key: "k1" },
  {
    type: "assessment_created",
    phone: "+97699112233",
    link: "https://a.example.com/Тест",
  },
  { type: "resume", at: "2025-03-10T09:00:00.000Z" },
  { type: "sms_requested", phone: "+97688112233", key: "k2" },
].map((record) => JSON.stringify(record) + "\n").join("");

Deno.test("readJournal folds steps per phone", async () => {
  const path = await journalWith(STEPS);

  const contents = await readJournal(path);

  assert.deepEqual(contents.header, HEADER);
  assert.deepEqual([...contents.states.keys()], [
    "+97699112233",
    "+97688112233",
  ]);
  assert.deepEqual(contents.states.get("+97699112233")?.assessment, {
    link: "https://a.example.com/Тест",
  });
  assert.equal(contents.states.get("+97688112233")?.smsPending, true);
  assert.equal(contents.validLength, encoder.encode(STEPS).length);
  assert.equal(contents.tornLastLine, false);
  await removeJournal(path);
});

Deno.test("readJournal tolerates a torn last line", async () => {
  const path = await journalWith(STEPS + '{"type":"sms_sent","phone":"+9768');

  const contents = await readJournal(path);

  assert.equal(contents.tornLastLine, true);
  assert.equal(contents.validLength, encoder.encode(STEPS).length);
  assert.equal(contents.states.get("+97688112233")?.smsPending, true);
  await removeJournal(path);
});

Deno.test("readJournal names a damaged middle line", async () => {
  const lines = STEPS.split("\n");
  lines.splice(2, 0, '{"type":"sms_sent",');
  const path = await journalWith(lines.join("\n"));

  await assert.rejects(readJournal(path), (error) => {
    assert.ok(error instanceof JournalError);
    assert.equal(
      error.message,
      `Journal "${path}" line 3 is damaged: not valid JSON`,
    );
    return true;
  });
  await removeJournal(path);
});

Deno.test("readJournal rejects a file without a header", async () => {
  const path = await journalWith(
    '{"type":"sms_sent","phone":"+97699112233"}\n',
  );

  await assert.rejects(readJournal(path), {
    name: "JournalError",
    message:
      `Journal "${path}" does not start with a run header: pass the file printed as "Journal:" at the start of a run`,
  });
  await removeJournal(path);
});

Deno.test("readJournal rejects an empty file", async () => {
  const path = await journalWith("");

  await assert.rejects(readJournal(path), {
    name: "JournalError",
    message:
      `Journal "${path}" is empty or not a journal: pass the file printed as "Journal:" at the start of a run`,
  });
  await removeJournal(path);
});

Deno.test("readJournal reports a missing file", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "missing.jsonl");

  await assert.rejects(readJournal(path), {
    name: "JournalError",
    message: `Journal "${path}" not found: check the path given to --resume`,
  });
  await Deno.remove(directory, { recursive: true });
});
