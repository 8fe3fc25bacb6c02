import assert from "node:assert/strict";
import {
  countRecipientLines,
  InputError,
  openInputFile,
  openRecipients,
} from "../../src/input/read_recipients.ts";

async function withTempDir(body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "recipients_test_" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("openInputFile rejects a missing file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/missing.txt`;
    await assert.rejects(
      openInputFile(path),
      new InputError(`Cannot read input "${path}": file not found`),
    );
  });
});

Deno.test("openInputFile rejects a directory", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(
      openInputFile(dir),
      new InputError(`Cannot read input "${dir}": it is a directory`),
    );
  });
});

Deno.test("openInputFile returns stdin for -", async () => {
  assert.equal(await openInputFile("-"), Deno.stdin.readable);
});

Deno.test("openInputFile streams a CSV file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/list.csv`;
    await Deno.writeTextFile(path, "\ufeffphone\r\n99112233\r\n");
    const source = await openRecipients(await openInputFile(path), {
      fileName: path,
    });
    const lines = [];
    for await (const item of source.items) {
      lines.push(item.kind === "recipient" ? item.recipient.phone : "");
    }
    assert.deepEqual(lines, ["+97699112233"]);
  });
});

Deno.test("countRecipientLines counts text lines", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/list.txt`;
    await Deno.writeTextFile(path, "# pool\n99112233\n\n  \n88112233 # b\nx\n");
    assert.equal(await countRecipientLines(path), 3);
  });
});

Deno.test("countRecipientLines skips the CSV header", async () => {
  await withTempDir(async (dir) => {
    const csv = `${dir}/list.csv`;
    await Deno.writeTextFile(csv, "\n# note\nid,name\n1,a\n\n2,b\n");
    assert.equal(await countRecipientLines(csv), 2);

    const detected = `${dir}/list.txt`;
    await Deno.writeTextFile(detected, "name;утас\na;99112233\n");
    assert.equal(await countRecipientLines(detected), 1);

    const named = `${dir}/named.txt`;
    await Deno.writeTextFile(named, "contact\n99112233\n88112233\n");
    assert.equal(await countRecipientLines(named), 3);
    assert.equal(
      await countRecipientLines(named, { phoneColumn: "contact" }),
      2,
    );
  });
});

Deno.test("countRecipientLines rejects standard input", async () => {
  await assert.rejects(
    countRecipientLines("-"),
    new InputError(
      "Cannot count the lines of standard input: it can be read only once",
    ),
  );
});

Deno.test("countRecipientLines rejects a directory", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(
      countRecipientLines(dir),
      new InputError(`Cannot read input "${dir}": it is a directory`),
    );
  });
});

Deno.test("100,000-line file streams to the end", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/big.csv`;
    const count = 100_000;
    const file = await Deno.open(path, { write: true, create: true });
    const writer = file.writable.getWriter();
    const encoder = new TextEncoder();
    await writer.write(encoder.encode("phone,name\n"));
    for (let start = 0; start < count; start += 1_000) {
      const rows = [];
      for (let i = start; i < start + 1_000; i++) {
        rows.push(`88${String(i).padStart(6, "0")},"Name, ${i}"\n`);
      }
      await writer.write(encoder.encode(rows.join("")));
    }
    await writer.close();

    assert.equal(await countRecipientLines(path), count);
    const source = await openRecipients(await openInputFile(path), {
      fileName: path,
    });
    let recipients = 0;
    let lastLine = 0;
    for await (const item of source.items) {
      if (item.kind === "recipient") recipients++;
      lastLine = item.kind === "recipient" ? item.recipient.line : item.line;
    }
    assert.equal(recipients, count);
    assert.equal(lastLine, count + 1);
  });
});
