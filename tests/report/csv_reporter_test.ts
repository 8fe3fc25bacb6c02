import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { neutraliseCell } from "../../src/report/csv_cells.ts";
import { CsvReporter, formatCsvRow } from "../../src/report/csv_reporter.ts";
import { REPORT_COLUMNS } from "../../src/report/report_row.ts";
import {
  makeRecord,
  makeSummary,
  permissionBits,
  sentRecord,
} from "./fixtures.ts";

Deno.test("neutraliseCell guards formulas and keeps phones", () => {
  const cases: [string, string][] = [
    ["=1+1", "'=1+1"],
    ["+97699112233", "+97699112233"],
    ["+976 9911 2233", "'+976 9911 2233"],
    ["+1234567", "'+1234567"],
    ["-5", "'-5"],
    ["@x", "'@x"],
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ["\tcell", "'\tcell"],
    ["\rcell", "'\rcell"],
    ["Болд", "Болд"],
    ["plain text", "plain text"],
    ["a=b", "a=b"],
    ["", ""],
  ];
  for (const [value, expected] of cases) {
    assert.equal(neutraliseCell(value), expected, JSON.stringify(value));
  }
});

Deno.test("CsvReporter writes BOM, header and CRLF rows", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.csv");

  const reporter = await CsvReporter.open(path);
  await reporter.write(sentRecord({ name: "Болд, Бат" }));
  await reporter.write(makeRecord({
    line: 3,
    phone: "+97699112234",
    status: "failed",
    stage: "sms",
    attempts: 1,
    errorType: "HttpError",
    errorMessage: 'SMS API POST 127.0.0.1: 500 "busy"',
    httpStatus: 500,
  }));
  await reporter.finish(makeSummary());

  const text = await Deno.readTextFile(path);
  assert.ok(text.startsWith("\uFEFFline,input,phone,name,"));
  assert.ok(text.endsWith("\r\n"));
  assert.equal(text.split("\r\n").length, 4);
  assert.equal(text.replaceAll("\r\n", "").includes("\n"), false);
  assert.equal(
    text.split("\r\n")[1],
    '2,99112233,+97699112233,"Болд, Бат",sent,sms,,A-1,' +
      "http://127.0.0.1:8787/a/Xy12abcdEFgh,2030-01-08T00:00:00Z,M-1,1,2,,,",
  );
  assert.equal(await permissionBits(path), 0o600);

  const rows: string[][] = parse(text, { bom: true });
  assert.deepEqual(rows[0], [...REPORT_COLUMNS]);
  assert.equal(rows[2]?.[13], "HttpError");
  assert.equal(rows[2]?.[14], 'SMS API POST 127.0.0.1: 500 "busy"');
  assert.equal(rows[2]?.[15], "500");
  await Deno.remove(directory, { recursive: true });
});

Deno.test("CsvReporter neutralises a formula in a name", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.csv");

  const reporter = await CsvReporter.open(path);
  await reporter.write(sentRecord({ name: '=HYPERLINK("http://x")' }));
  await reporter.write(sentRecord({ input: "+976 9911-2233", name: "-5" }));
  await reporter.finish(makeSummary());

  const rows: string[][] = parse(await Deno.readTextFile(path), { bom: true });
  assert.equal(rows[1]?.[3], `'=HYPERLINK("http://x")`);
  assert.equal(rows[1]?.[2], "+97699112233");
  assert.equal(rows[2]?.[1], "'+976 9911-2233");
  assert.equal(rows[2]?.[3], "'-5");
  await Deno.remove(directory, { recursive: true });
});

Deno.test("CsvReporter keeps Cyrillic through a round trip", async () => {
  const directory = await Deno.makeTempDir();
  const path = join(directory, "r-1.csv");
  const name = "Өлзийбаяр Цэцэгмаа";

  const reporter = await CsvReporter.open(path);
  await reporter.write(sentRecord({ name, errorMessage: 'Алдаа; "шинэ"' }));
  await reporter.finish(makeSummary());

  const bytes = await Deno.readFile(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows: string[][] = parse(new TextDecoder().decode(bytes), {
    bom: true,
  });
  assert.equal(rows[1]?.[3], name);
  assert.equal(rows[1]?.[14], 'Алдаа; "шинэ"');
  await Deno.remove(directory, { recursive: true });
});

Deno.test("formatCsvRow quotes a cell with a line feed", () => {
  assert.equal(
    formatCsvRow(["Ann", "99112243", "two\nlines"]),
    'Ann,99112243,"two\nlines"\r\n',
  );
});
