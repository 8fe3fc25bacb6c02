import assert from "node:assert/strict";
import { join } from "node:path";
import { JournalWriter } from "../../src/journal/journal_writer.ts";
import { HEADER, permissionBits, readRecords } from "./fixtures.ts";

Deno.test("JournalWriter appends one JSON line per record", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "run.jsonl");

  const writer = await JournalWriter.open(path);
  await writer.append(HEADER);
  await writer.append({ type: "sms_sent", phone: "+97699112233" });

  assert.deepEqual(await readRecords(path), [
    HEADER,
    { type: "sms_sent", phone: "+97699112233" },
  ]);
  assert.equal(await permissionBits(path), 0o600);
  await writer.close();
  await Deno.remove(directory, { recursive: true });
});

Deno.test("JournalWriter appends to an existing file", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "run.jsonl");
  await Deno.writeTextFile(path, JSON.stringify(HEADER) + "\n");

  const writer = await JournalWriter.open(path, { sync: false });
  await writer.append({ type: "resume", at: "2025-03-10T09:00:00.000Z" });
  await writer.close();

  assert.deepEqual(await readRecords(path), [
    HEADER,
    { type: "resume", at: "2025-03-10T09:00:00.000Z" },
  ]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("JournalWriter writes concurrent lines whole", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "run.jsonl");
  const writer = await JournalWriter.open(path);

  const phones = Array.from({ length: 200 }, (_, i) => `+976991${1000 + i}`);
  await Promise.all(
    phones.map((phone) => writer.append({ type: "sms_sent", phone })),
  );
  await writer.close();

  const records = await readRecords(path);
  assert.deepEqual(records.map((record) => record.phone), phones);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("JournalWriter rejects lines after a failed write", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "run.jsonl");
  const writer = await JournalWriter.open(path);
  await writer.close();

  const line = { type: "sms_sent", phone: "+97699112233" } as const;
  const failure = await writer.append(line).then(
    () => assert.fail("append after close succeeded"),
    (error: unknown) => error,
  );

  assert.ok(failure instanceof Deno.errors.BadResource);
  await assert.rejects(writer.append(line), (error) => error === failure);
  assert.equal(await Deno.readTextFile(path), "");
  await Deno.remove(directory, { recursive: true });
});
