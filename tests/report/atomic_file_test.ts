import assert from "node:assert/strict";
import { join } from "node:path";
import { AtomicFile, FileWriteError } from "../../src/report/atomic_file.ts";
import { listNames, permissionBits } from "./fixtures.ts";

Deno.test("AtomicFile commit writes the whole text with mode 0600", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "reports", "out.txt");

  const file = await AtomicFile.create(path);
  await file.write("first\n");
  await file.write("Сайн байна уу\n");
  await file.commit();

  assert.equal(await Deno.readTextFile(path), "first\nСайн байна уу\n");
  assert.equal(await permissionBits(path), 0o600);
  assert.equal(await permissionBits(join(directory, "reports")), 0o700);
  assert.deepEqual(await listNames(join(directory, "reports")), ["out.txt"]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("AtomicFile dispose without commit leaves nothing", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "out.txt");

  {
    await using file = await AtomicFile.create(path);
    await file.write("half written");
    assert.deepEqual(await listNames(directory), [
      file.tempPath.slice(directory.length + 1),
    ]);
  }

  assert.deepEqual(await listNames(directory), []);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("AtomicFile replaces an existing target only on commit", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "out.txt");
  await Deno.writeTextFile(path, "old");

  const file = await AtomicFile.create(path);
  await file.write("new");
  assert.equal(await Deno.readTextFile(path), "old");
  await file.commit();

  assert.equal(await Deno.readTextFile(path), "new");
  assert.deepEqual(await listNames(directory), ["out.txt"]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("AtomicFile abort keeps an existing target", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "out.txt");
  await Deno.writeTextFile(path, "old");

  const file = await AtomicFile.create(path);
  await file.write("new");
  await file.abort();
  await file.abort();

  assert.equal(await Deno.readTextFile(path), "old");
  assert.deepEqual(await listNames(directory), ["out.txt"]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("AtomicFile batches writes larger than its buffer", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "out.txt");
  const line = "Өглөө ".repeat(10) + "\n";
  const big = "x".repeat(100);

  const file = await AtomicFile.create(path, { bufferSize: 64 });
  const pending: Promise<void>[] = [];
  for (let i = 0; i < 50; i++) pending.push(file.write(line));
  pending.push(file.write(big));
  await Promise.all(pending);
  await file.commit();

  assert.equal(await Deno.readTextFile(path), line.repeat(50) + big);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("AtomicFile commit over a directory fails clearly", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "taken");
  await Deno.mkdir(path);

  const file = await AtomicFile.create(path, { label: "report" });
  await file.write("text");
  const failure = await file.commit().catch((error) => error);

  assert.ok(failure instanceof FileWriteError);
  assert.equal(
    failure.message,
    `Cannot write report "${path}": the path is a directory, ` +
      "choose a file name",
  );
  assert.deepEqual(await listNames(directory), ["taken"]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("AtomicFile create under a file fails clearly", async () => {
  const directory = await Deno.makeTempDir();
  const parent = join(directory, "plain");
  await Deno.writeTextFile(parent, "");
  const path = join(parent, "out.json");

  const failure = await AtomicFile.create(path, { label: "report" })
    .catch((error) => error);

  assert.ok(failure instanceof FileWriteError);
  assert.equal(
    failure.message,
    `Cannot write report "${path}": a part of "${parent}" is a file, ` +
      "not a directory",
  );
  await Deno.remove(directory, { recursive: true });
});

Deno.test("AtomicFile write after commit is rejected", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "out.txt");

  const file = await AtomicFile.create(path);
  await file.commit();
  const failure = await file.write("late").catch((error) => error);

  assert.ok(failure instanceof FileWriteError);
  assert.equal(
    failure.message,
    `Cannot write file "${path}": the file is already committed, ` +
      "open a new one",
  );
  await Deno.remove(directory, { recursive: true });
});

Deno.test("AtomicFile holds small writes until the buffer fills", async () => {
  const directory = await Deno.makeTempDir();
  const file = await AtomicFile.create(join(directory, "out.txt"), {
    bufferSize: 64,
  });

  await file.write("a".repeat(40));
  assert.equal((await Deno.stat(file.tempPath)).size, 0);
  await file.write("b".repeat(40));
  assert.equal((await Deno.stat(file.tempPath)).size, 64);

  await file.abort();
  await Deno.remove(directory, { recursive: true });
});
