import assert from "node:assert/strict";
import { configFor, openSendWorld, runCaptured } from "./send_harness.ts";

/** Runs a dry run on `content` and returns its JSON report. */
async function dryRun(
  name: string,
  content: string | Uint8Array,
  options: { template?: string; extraArgs?: string[] } = {},
) {
  const template = options.template ?? "Тест {link}";
  await using world = await openSendWorld({
    configText: configFor("").replace(
      'message_template: "Тест {link}"',
      `message_template: ${JSON.stringify(template)}`,
    ),
  });
  const input = `${world.dir}/${name}`;
  if (typeof content === "string") await Deno.writeTextFile(input, content);
  else await Deno.writeFile(input, content);
  const reportPath = `${world.dir}/report.json`;
  const run = await world.run([
    "send",
    input,
    "--config",
    world.configPath,
    "--dry-run",
    "--output-format",
    "json",
    "--output-file",
    reportPath,
    ...(options.extraArgs ?? []),
  ]);
  const report = run.code === 2
    ? undefined
    : await world.readReport(reportPath);
  assert.equal(world.sandbox.requests().length, 0, "a dry run sent requests");
  return { run, report };
}

interface LineCase {
  name: string;
  file: string;
  content: string;
  /** Expected [line, status, phone or reason] of every record. */
  records: [number, string, string][];
  args?: string[];
}

const LINE_CASES: LineCase[] = [
  {
    name: "text with comments, blanks and CRLF",
    file: "numbers.txt",
    content: "# pool\r\n\r\n99112233\r\n  88112233 # Bat\r\n",
    records: [[3, "skipped", "+97699112233"], [4, "skipped", "+97688112233"]],
  },
  {
    name: "text with a BOM",
    file: "numbers.txt",
    content: "\uFEFF99112233\n",
    records: [[1, "skipped", "+97699112233"]],
  },
  {
    name: "CSV with a BOM keeps the first column",
    file: "people.csv",
    content: "\uFEFFphone,name\n99112233,Бат\n",
    records: [[2, "skipped", "+97699112233"]],
  },
  {
    name: "CSV with semicolons and quotes",
    file: "people.csv",
    content: 'name;утас\n"Бат; Дорж";"9911 2233"\n',
    records: [[2, "skipped", "+97699112233"]],
  },
  {
    name: "CSV with a chosen phone column",
    file: "people.csv",
    content: "who,cell\nБат,88112233\n",
    records: [[2, "skipped", "+97688112233"]],
    args: ["--phone-column", "cell"],
  },
  {
    name: "duplicates after normalisation",
    file: "numbers.txt",
    content: "99112233\n+976 9911-2233\n0097699112233\n",
    records: [
      [1, "skipped", "+97699112233"],
      [2, "skipped", "Duplicate of line 1"],
      [3, "skipped", "Duplicate of line 1"],
    ],
  },
  {
    name: "spreadsheet-mangled number",
    file: "people.csv",
    content: "phone\n9.91122E+07\n",
    records: [[
      2,
      "failed",
      "Number looks changed by a spreadsheet (written in scientific notation): format the column as text and export again",
    ]],
  },
  {
    name: "fixed line, VoIP and foreign numbers",
    file: "numbers.txt",
    content: "70112233\n75112233\n+7 912 345 67 89\n",
    records: [
      [1, "failed", "Fixed-line number: only mobile numbers can receive SMS"],
      [2, "failed", "VoIP number: only mobile numbers can receive SMS"],
      [3, "failed", "Russia (+7) number: only Mongolian numbers are accepted"],
    ],
  },
  {
    name: "a line of a million characters",
    file: "numbers.txt",
    content: `99112233\n${"9".repeat(1_000_000)}\n88112233\n`,
    records: [
      [1, "skipped", "+97699112233"],
      [2, "failed", "Line too long (1000000 characters)"],
      [3, "skipped", "+97688112233"],
    ],
  },
];

for (const testCase of LINE_CASES) {
  Deno.test(`dry run input: ${testCase.name}`, async () => {
    const { run, report } = await dryRun(testCase.file, testCase.content, {
      extraArgs: testCase.args ?? [],
    });

    assert.ok(report !== undefined, run.stderr);
    const actual = report.records
      .map((r) => [
        r.line,
        r.status,
        r.status === "skipped" && r.reason === "dry_run"
          ? r.phone
          : r.error_message,
      ])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(actual, testCase.records);
  });
}

Deno.test("dry run input: a binary file is refused", async () => {
  const bytes = new Uint8Array([
    ...new TextEncoder().encode("99112233\n"),
    0x00,
    0xff,
    0xfe,
    0x0a,
    ...new TextEncoder().encode("88112233\n"),
  ]);
  const { run } = await dryRun("numbers.txt", bytes);

  assert.equal(run.code, 2);
  assert.match(run.stderr, /is a binary file, not text/);
});

Deno.test("dry run input: a workbook is refused", async () => {
  const { run } = await dryRun(
    "numbers.xlsx",
    new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
  );

  assert.equal(run.code, 2);
  assert.match(run.stderr, /is a ZIP file, such as an Excel workbook/);
});

Deno.test("dry run input: invalid UTF-8 is rejected by line", async () => {
  const bytes = new Uint8Array([
    ...new TextEncoder().encode("99112233\n"),
    0xff,
    0xfe,
    0x0a,
    ...new TextEncoder().encode("88112233\n"),
  ]);
  const { report } = await dryRun("numbers.txt", bytes);

  assert.ok(report !== undefined);
  assert.deepEqual(report.records.map((r) => [r.line, r.status]), [
    [1, "skipped"],
    [2, "failed"],
    [3, "skipped"],
  ]);
});

Deno.test("dry run names the character that forces UCS-2", async () => {
  const { run } = await dryRun("numbers.txt", "99112233\n", {
    template: "Don\u2019t miss your test: {link}",
  });

  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /UCS-2/);
  assert.match(run.stdout, /"\u2019" \(U\+2019\)/);
});

Deno.test("dry run fails only the row with an empty column", async () => {
  const { run, report } = await dryRun(
    "people.csv",
    "phone,name,city\n99112233,Бат,Улаанбаатар\n88112233,Дорж,\n",
    { template: "{name} {city}: {link}" },
  );

  assert.equal(run.code, 1, run.stderr);
  assert.ok(report !== undefined);
  const byLine = new Map(report.records.map((r) => [r.line, r]));
  assert.equal(byLine.get(2)?.status, "skipped");
  assert.equal(byLine.get(3)?.status, "failed");
  assert.equal(
    byLine.get(3)?.error_message,
    "Missing value for placeholder {city}: the cell is empty in this row",
  );
});

Deno.test("unknown placeholder is a config error", async () => {
  const { run } = await dryRun("numbers.txt", "99112233\n", {
    template: "Hi {nmae}: {link}",
  });

  assert.equal(run.code, 2);
  assert.match(run.stderr, /message_template: unknown placeholder \{nmae\}/);
});

Deno.test("empty input file is refused", async () => {
  const { run } = await dryRun("numbers.txt", "# nothing yet\n\n");

  assert.equal(run.code, 2);
  assert.match(run.stderr, /contains no phone numbers/);
});

Deno.test("directory as input is refused", async () => {
  await using world = await openSendWorld();
  const run = await runCaptured([
    "send",
    world.dir,
    "--config",
    world.configPath,
    "--dry-run",
  ]);

  assert.equal(run.code, 2);
  assert.match(run.stderr, /it is a directory/);
  assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/);
});

Deno.test("missing input file is refused", async () => {
  await using world = await openSendWorld();
  const run = await runCaptured([
    "send",
    `${world.dir}/nope.txt`,
    "--config",
    world.configPath,
  ]);

  assert.equal(run.code, 2);
  assert.match(run.stderr, /not found/);
});

Deno.test("output file extension chooses the report format", async () => {
  await using world = await openSendWorld();
  const input = await world.writeInput("one.txt", ["99112233"]);
  const csv = `${world.dir}/out.csv`;

  const run = await runCaptured([
    "send",
    input,
    "--config",
    world.configPath,
    "--dry-run",
    "-o",
    csv,
  ]);

  assert.equal(run.code, 0, run.stderr);
  assert.match(await Deno.readTextFile(csv), /^\uFEFFline,input,phone/);
});

Deno.test("insecure HTTP to a remote host warns", async () => {
  await using world = await openSendWorld({
    configText: configFor("").replaceAll("{url}", "http://api.example.mn"),
  });
  const input = await world.writeInput("one.txt", ["99112233"]);

  const run = await runCaptured([
    "send",
    input,
    "--config",
    world.configPath,
    "--dry-run",
    "--insecure-http",
  ]);

  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    /Warning: assessment_api uses plain HTTP to "api\.example\.mn"/,
  );
});

Deno.test("template too long for any recipient is a config error", async () => {
  const { run } = await dryRun("numbers.txt", "99112233\n", {
    template: "Тест ".repeat(60) + "{link}",
  });

  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /config\.yml:\d+: message_template: the message takes at least 5 SMS segments \(UCS-2\)/,
  );
});

Deno.test("long name fails its row before any request", async () => {
  await using world = await openSendWorld({
    configText: configFor("").replace(
      'message_template: "Тест {link}"',
      'message_template: "Сайн уу {name}: {link}"',
    ),
  });
  const input = `${world.dir}/people.csv`;
  await Deno.writeTextFile(
    input,
    `phone,name\n99112233,Бат\n88112233,${"Б".repeat(300)}\n`,
  );

  const run = await world.run([
    "send",
    input,
    "--config",
    world.configPath,
    "--report-dir",
    `${world.dir}/reports`,
  ]);

  assert.equal(run.code, 1, run.stderr);
  assert.equal(world.sandbox.assessments().length, 1);
  assert.equal(world.sandbox.outbox().length, 1);
  assert.match(run.stdout, /more than max_sms_segments 3/);
});
