import assert from "node:assert/strict";
import {
  InputError,
  type InputItem,
  openRecipients,
  type OpenRecipientsOptions,
} from "../../src/input/read_recipients.ts";

const encoder = new TextEncoder();

/** Streams `content` in small chunks, so lines and BOMs straddle them. */
function streamOf(
  content: string | Uint8Array,
  chunkSize = 5,
): ReadableStream<Uint8Array> {
  const bytes = typeof content === "string" ? encoder.encode(content) : content;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

/** Describes an item as `line phone` or `line rejected: reason`. */
function describe(item: InputItem): string {
  if (item.kind === "recipient") {
    return `${item.recipient.line} ${item.recipient.phone}`;
  }
  return `${item.line} rejected: ${item.reason}`;
}

async function readAll(
  content: string | Uint8Array,
  options?: OpenRecipientsOptions,
): Promise<InputItem[]> {
  const source = await openRecipients(streamOf(content), options);
  const items: InputItem[] = [];
  for await (const item of source.items) items.push(item);
  return items;
}

async function describeAll(
  content: string | Uint8Array,
  options?: OpenRecipientsOptions,
): Promise<string[]> {
  return (await readAll(content, options)).map(describe);
}

const BOM = "\ufeff";
const A = "+97699112233";
const B = "+97688112233";
const C = "+97695112233";

const CASES: {
  name: string;
  content: string | Uint8Array;
  options?: OpenRecipientsOptions;
  expected: string[];
}[] = [
  {
    name: "text one number a line",
    content: "99112233\n88112233\n",
    expected: [`1 ${A}`, `2 ${B}`],
  },
  {
    name: "text without final newline",
    content: "99112233\n88112233",
    expected: [`1 ${A}`, `2 ${B}`],
  },
  {
    name: "text comments and blank lines",
    content: "# QA pool\n\n99112233 # Bat\n   \n  # spare\n88112233#x\n",
    expected: [`3 ${A}`, `6 ${B}`],
  },
  {
    name: "text with CRLF and BOM",
    content: `${BOM}99112233\r\n\r\n88112233\r\n`,
    expected: [`1 ${A}`, `3 ${B}`],
  },
  {
    name: "text in many forms",
    content: "+976 9911-2233\n976 88112233\n0097695112233\n",
    expected: [`1 ${A}`, `2 ${B}`, `3 ${C}`],
  },
  {
    name: "text rejects bad lines",
    content: "70112233\nhello\n9.91122E+07\n9911223\n",
    expected: [
      "1 rejected: Fixed-line number: only mobile numbers can receive SMS",
      "2 rejected: Not a phone number",
      "3 rejected: Number looks changed by a spreadsheet (written in scientific notation): " +
      "format the column as text and export again",
      "4 rejected: Not a valid Mongolian mobile number: 7 digits, expected 8",
    ],
  },
  {
    name: "text duplicates after normalisation",
    content: "99112233\n+976 9911 2233\n88112233\n0097699112233\n",
    expected: [
      `1 ${A}`,
      "2 rejected: Duplicate of line 1",
      `3 ${B}`,
      "4 rejected: Duplicate of line 1",
    ],
  },
  {
    name: "text line with a comma",
    content: "99112233, 88112233\n",
    expected: [
      "1 rejected: Several numbers on one line: put one number a line",
    ],
  },
  { name: "empty file", content: "", expected: [] },
  { name: "only a BOM", content: BOM, expected: [] },
  { name: "only comments", content: "# nothing yet\n\n", expected: [] },
  {
    name: "CSV with commas",
    content: "phone,name\n99112233,Bat\n88112233,Dorj\n",
    expected: [`2 ${A}`, `3 ${B}`],
  },
  {
    name: "CSV with semicolons",
    content: "name;phone\nBat;99112233\nDorj;88112233\n",
    expected: [`2 ${A}`, `3 ${B}`],
  },
  {
    name: "CSV with BOM before phone",
    content: `${BOM}phone,name\r\n99112233,Bat\r\n`,
    expected: [`2 ${A}`],
  },
  {
    name: "CSV header утас",
    content: "Нэр,Утас\nБат,99112233\n",
    expected: [`2 ${A}`],
  },
  {
    name: "CSV header Phone Number",
    content: "ID,Phone Number\n1,99112233\n",
    expected: [`2 ${A}`],
  },
  {
    name: "CSV header msisdn",
    content: "msisdn;x\n97699112233;1\n",
    expected: [`2 ${A}`],
  },
  {
    name: "CSV single phone column",
    content: "phone\n99112233\n88112233\n",
    expected: [`2 ${A}`, `3 ${B}`],
  },
  {
    name: "CSV quoted commas",
    content: 'phone,name\n"9911 2233","Bat, B"\n88112233,"a ""b"""\n',
    expected: [`2 ${A}`, `3 ${B}`],
  },
  {
    name: "CSV quoted newlines keep line numbers",
    content: 'phone,note\n99112233,"one\ntwo\nthree"\n88112233,x\n' +
      '95112233,"a\r\n\r\nb"\n9911223,x\n',
    expected: [
      `2 ${A}`,
      `5 ${B}`,
      `6 ${C}`,
      "9 rejected: Not a valid Mongolian mobile number: 7 digits, expected 8",
    ],
  },
  {
    name: "CSV wrong number of cells",
    content: "phone,name\n99112233,Bat,extra\n88112233\n95112233,Bold\n",
    expected: [
      "2 rejected: Row has 3 cells but the header has 2: " +
      "check the delimiter and the quotes",
      "3 rejected: Row has 1 cells but the header has 2: " +
      "check the delimiter and the quotes",
      `4 ${C}`,
    ],
  },
  {
    name: "CSV skips blank and empty rows",
    content: "phone,name\n\n99112233,Bat\n,\n  \n",
    expected: [`3 ${A}`],
  },
  {
    name: "CSV header only",
    content: "phone,name\n",
    expected: [],
  },
  {
    name: "CSV Excel numbers kept as text",
    content: "phone\n9.91122E+07\n99112233.0\n",
    expected: [
      "2 rejected: Number looks changed by a spreadsheet (written in scientific notation): " +
      "format the column as text and export again",
      "3 rejected: Number looks changed by a spreadsheet (written with a decimal point): " +
      "format the column as text and export again",
    ],
  },
  {
    name: "CSV misplaced quote",
    content: 'phone,name\n99112233,Bat "B" x\n88112233,"Bold"x\n95112233,y\n',
    expected: [
      "2 rejected: Misplaced quote: quote the whole cell and double any " +
      "quote inside it",
      "3 rejected: Misplaced quote: quote the whole cell and double any " +
      "quote inside it",
      `4 ${C}`,
    ],
  },
  {
    name: "CSV quote never closed",
    content: 'phone,name\n99112233,"Bat\n88112233,x\n',
    expected: [
      "2 rejected: Quoted field not closed before the end of the file",
    ],
  },
  {
    name: "CSV duplicates",
    content: "phone;name\n99112233;a\n88112233;b\n+97699112233;c\n",
    expected: [`2 ${A}`, `3 ${B}`, "4 rejected: Duplicate of line 2"],
  },
  {
    name: "CSV chosen by file name",
    content: "tel_no,name\n99112233,Bat\n",
    options: { fileName: "list.CSV", phoneColumn: "tel_no" },
    expected: [`2 ${A}`],
  },
  {
    name: "CSV chosen by phone column",
    content: "contact|x\n99112233\n",
    options: { phoneColumn: "contact|x" },
    expected: [`2 ${A}`],
  },
  {
    name: "phone column loosely named",
    content: "Main Number,Other\n99112233,88112233\n",
    options: { phoneColumn: "main_number" },
    expected: [`2 ${A}`],
  },
  {
    name: "phone column beats auto choice",
    content: "phone,backup\n99112233,88112233\n",
    options: { phoneColumn: "backup" },
    expected: [`2 ${B}`],
  },
  {
    name: "comment-like header in text",
    content: "# phone, name\n99112233\n",
    expected: [`2 ${A}`],
  },
];

Deno.test("openRecipients reads each input", async (t) => {
  for (const { name, content, options, expected } of CASES) {
    await t.step(name, async () => {
      assert.deepEqual(await describeAll(content, options), expected);
    });
  }
});

Deno.test("openRecipients reports the text format", async () => {
  const source = await openRecipients(streamOf("99112233\n"));
  assert.deepEqual(source.format, { kind: "text" });
  assert.deepEqual(source.columns, []);
});

Deno.test("openRecipients keeps text input and fields", async () => {
  const items = await readAll("  +976 9911-2233   # Bat\n");
  assert.deepEqual(items, [{
    kind: "recipient",
    recipient: {
      line: 1,
      input: "+976 9911-2233",
      phone: A,
      national: "99112233",
      fields: {},
    },
  }]);
});

Deno.test("openRecipients maps CSV columns to keys", async () => {
  const content = `${BOM}Phone; First Name ;Respondent-ID;{City};\n` +
    "99112233;Бат;R-7;УБ;z\n";
  const source = await openRecipients(streamOf(content));
  assert.deepEqual(source.format, {
    kind: "csv",
    header: ["phone", "first_name", "respondent_id", "city", "column_5"],
    headerText: ["Phone", "First Name", "Respondent-ID", "{City}", ""],
    delimiter: ";",
    phoneColumn: "phone",
  });
  assert.deepEqual(
    source.columns,
    source.format.kind === "csv" ? source.format.header : [],
  );
});

Deno.test("openRecipients fills name and respondent id", async () => {
  const content = "name,phone,respondent_id,city\n" +
    'Bat,99112233,R1,"Ulaanbaatar, MN"\n,88112233,,Darkhan\n';
  const items = await readAll(content);
  assert.deepEqual(items, [
    {
      kind: "recipient",
      recipient: {
        line: 2,
        input: "99112233",
        phone: A,
        national: "99112233",
        name: "Bat",
        respondentId: "R1",
        fields: {
          name: "Bat",
          phone: "99112233",
          respondent_id: "R1",
          city: "Ulaanbaatar, MN",
        },
      },
    },
    {
      kind: "recipient",
      recipient: {
        line: 3,
        input: "88112233",
        phone: B,
        national: "88112233",
        fields: {
          name: "",
          phone: "88112233",
          respondent_id: "",
          city: "Darkhan",
        },
      },
    },
  ]);
});

Deno.test("openRecipients gives rejected rows their fields", async () => {
  const items = await readAll("phone,name\n99112233,a\n99112233,b\n");
  assert.deepEqual(items[1], {
    kind: "rejected",
    line: 3,
    input: "99112233",
    reason: "Duplicate of line 2",
    duplicateOf: 2,
    fields: { phone: "99112233", name: "b" },
  });
});

Deno.test("openRecipients rejects a 1,000,000-character line", async () => {
  const long = "9".repeat(1_000_000);
  const items = await readAll(`99112233\n${long}\n88112233\n`);
  assert.deepEqual(items.map(describe), [
    `1 ${A}`,
    "2 rejected: Line too long (1000000 characters)",
    `3 ${B}`,
  ]);
  const rejected = items[1]!;
  assert.equal(rejected.kind === "rejected" && rejected.input.length, 65);
});

Deno.test("openRecipients rejects a long CSV line", async () => {
  const long = "x".repeat(20_000);
  const content = `phone,note\n99112233,${long}\n88112233,"${long}"\n` +
    "95112233,y\n";
  assert.deepEqual(await describeAll(content), [
    "2 rejected: Line too long (20009 characters)",
    "3 rejected: Line too long (20011 characters)",
    `4 ${C}`,
  ]);
});

Deno.test("openRecipients accepts a 10,000-character line", async () => {
  const content = `${" ".repeat(9_992)}99112233\r\n`;
  assert.deepEqual(await describeAll(content), [`1 ${A}`]);
  const tooLong = `${" ".repeat(9_993)}99112233\r\n`;
  assert.deepEqual(await describeAll(tooLong), [
    "1 rejected: Line too long (10001 characters)",
  ]);
});

Deno.test("openRecipients rejects binary lines", async () => {
  const bytes = new Uint8Array([
    ...encoder.encode("99112233\n"),
    0xff,
    0xfe,
    0x41,
    0x0a,
    ...encoder.encode("99\x0011\n"),
    0xc3,
    0x28,
    0x0a,
    ...encoder.encode("88112233\n"),
  ]);
  assert.deepEqual(await describeAll(bytes), [
    `1 ${A}`,
    "2 rejected: Line is not valid UTF-8: save the file as UTF-8 text",
    "3 rejected: Line contains binary data (control character U+0000)",
    "4 rejected: Line is not valid UTF-8: save the file as UTF-8 text",
    `5 ${B}`,
  ]);
});

Deno.test("openRecipients rejects binary CSV rows", async () => {
  const bytes = new Uint8Array([
    ...encoder.encode('phone,name\n99112233,"a\n'),
    0x80,
    0x0a,
    ...encoder.encode("88112233,b\n"),
  ]);
  assert.deepEqual(await describeAll(bytes), [
    "2 rejected: Quoted field not closed before line 3, which cannot be read",
    "3 rejected: Line is not valid UTF-8: save the file as UTF-8 text",
    `4 ${B}`,
  ]);
});

Deno.test("openRecipients bounds an unclosed quote", async () => {
  const rows = Array.from({ length: 1_000 }, () => "88112233,abcdefghij");
  const content = `phone,name\n99112233,"open\n${rows.join("\n")}\n`;
  const items = await describeAll(content);
  assert.equal(
    items[0],
    "2 rejected: Quoted field not closed within 10000 characters " +
      "(lines 2-502): check the quotes",
  );
  assert.equal(items[1], "503 +97688112233");
  assert.equal(items[2], "504 rejected: Duplicate of line 503");
  assert.equal(items.length, 501);
});

Deno.test("openRecipients rejects a UTF-16 file", async () => {
  const bytes = new Uint8Array([0xff, 0xfe, 0x39, 0x00, 0x39, 0x00]);
  await assert.rejects(
    openRecipients(streamOf(bytes), { fileName: "list.txt" }),
    new InputError(
      'Cannot read input "list.txt": it is UTF-16 text, ' +
        "save it as UTF-8 and try again",
    ),
  );
});

Deno.test("openRecipients names missing phone column", async () => {
  await assert.rejects(
    openRecipients(streamOf("id,name\n1,Bat\n"), { fileName: "a.csv" }),
    new InputError(
      'No phone column found in "a.csv": the columns are "id", "name", ' +
        "name the phone column with --phone-column",
    ),
  );
});

Deno.test("openRecipients names absent --phone-column", async () => {
  await assert.rejects(
    openRecipients(streamOf("phone,name\n99112233,Bat\n"), {
      phoneColumn: "mobile",
    }),
    new InputError(
      'Phone column "mobile" not found in "input": the columns are ' +
        '"phone", "name"',
    ),
  );
});

Deno.test("openRecipients rejects duplicate columns", async () => {
  await assert.rejects(
    openRecipients(streamOf("phone,Name,name\n"), { fileName: "b.csv" }),
    new InputError(
      'Cannot use the header of "b.csv": two columns are named "name", ' +
        "rename one of them",
    ),
  );
});

Deno.test("openRecipients rejects an unreadable header", async () => {
  await assert.rejects(
    openRecipients(streamOf('phone,"name\n'), { fileName: "c.csv" }),
    new InputError(
      'Cannot read the CSV header of "c.csv" on line 1: quoted field not ' +
        "closed",
    ),
  );
});

Deno.test("openRecipients reads an empty CSV file", async () => {
  const source = await openRecipients(streamOf(""), { fileName: "d.csv" });
  assert.deepEqual(source.format, { kind: "text" });
  const items = [];
  for await (const item of source.items) items.push(item);
  assert.deepEqual(items, []);
});

Deno.test("openRecipients streams 100,000 lines", async () => {
  const count = 100_000;
  let line = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (line === count) {
        controller.close();
        return;
      }
      const chunk: string[] = [];
      for (let i = 0; i < 1_000 && line < count; i++, line++) {
        chunk.push(`99${String(line).padStart(6, "0")}`);
      }
      controller.enqueue(encoder.encode(chunk.join("\n") + "\n"));
    },
  });
  const source = await openRecipients(stream);
  let recipients = 0;
  let last = 0;
  for await (const item of source.items) {
    if (item.kind === "recipient") recipients++;
    last = item.kind === "recipient" ? item.recipient.line : item.line;
  }
  assert.equal(recipients, count);
  assert.equal(last, count);
});

Deno.test("openRecipients reads a stdin-like stream", async () => {
  const { readable, writable } = new TransformStream<Uint8Array>();
  const writer = writable.getWriter();
  const writing = (async () => {
    for (const part of ["9911", "2233\n8811", "2233"]) {
      await writer.write(encoder.encode(part));
    }
    await writer.close();
  })();
  const source = await openRecipients(readable);
  const items = [];
  for await (const item of source.items) items.push(describe(item));
  await writing;
  assert.deepEqual(items, [`1 ${A}`, `2 ${B}`]);
});
