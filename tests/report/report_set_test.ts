import assert from "node:assert/strict";
import { join } from "node:path";
import type { InputFormat } from "../../src/input/format.ts";
import { FileWriteError } from "../../src/report/atomic_file.ts";
import {
  openReporters,
  type OpenReportersOptions,
  reportPaths,
} from "../../src/report/report_set.ts";
import {
  LineSink,
  listNames,
  makeRecord,
  makeSummary,
  permissionBits,
  sentRecord,
} from "./fixtures.ts";

const TEXT: InputFormat = { kind: "text" };

function options(
  reportDir: string,
  sink: LineSink,
  overrides: Partial<OpenReportersOptions> = {},
): OpenReportersOptions {
  return {
    outputFormat: "json",
    reportDir,
    runId: "r-1",
    inputFormat: TEXT,
    console: { sink, verbose: false, quiet: false, colors: false },
    retryFile: true,
    ...overrides,
  };
}

Deno.test("reportPaths names files after the run id", () => {
  const sink = new LineSink();
  const csvInput: InputFormat = {
    kind: "csv",
    header: ["phone"],
    headerText: ["Phone"],
    delimiter: ",",
    phoneColumn: "phone",
  };

  assert.deepEqual(reportPaths(options("reports", sink)), {
    report: join("reports", "r-1.json"),
    retry: join("reports", "r-1.retry.txt"),
  });
  assert.deepEqual(
    reportPaths(
      options("reports", sink, {
        outputFormat: "csv",
        inputFormat: csvInput,
      }),
    ),
    {
      report: join("reports", "r-1.csv"),
      retry: join("reports", "r-1.retry.csv"),
    },
  );
  assert.deepEqual(
    reportPaths(options("reports", sink, { outputFormat: "console" })),
    { retry: join("reports", "r-1.retry.txt") },
  );
  assert.deepEqual(
    reportPaths(options("reports", sink, { outputFile: "out/day.json" })),
    { report: "out/day.json", retry: join("out", "day.retry.txt") },
  );
});

Deno.test("ReportSet commits files then prints their paths", async () => {
  const directory = await Deno.makeTempDir();
  const reportDir = join(directory, "reports");
  const sink = new LineSink();
  const report = join(reportDir, "r-1.json");
  const retry = join(reportDir, "r-1.retry.txt");

  const reporters = await openReporters(options(reportDir, sink));
  await reporters.write(sentRecord());
  await reporters.write(
    makeRecord({ line: 3, status: "unknown", stage: "sms" }),
  );
  await reporters.finish(makeSummary({ total: 2, sent: 1, unknown: 1 }));
  await reporters[Symbol.asyncDispose]();

  assert.deepEqual(reporters.paths, [report, retry]);
  assert.deepEqual(await listNames(reportDir), ["r-1.json", "r-1.retry.txt"]);
  assert.equal(await permissionBits(report), 0o600);
  assert.equal(await permissionBits(retry), 0o600);
  assert.equal(await permissionBits(reportDir), 0o700);
  assert.equal(JSON.parse(await Deno.readTextFile(report)).records.length, 2);
  assert.deepEqual(sink.lines.slice(-2), [
    `Report      ${report}`,
    `Retry file  ${retry}`,
  ]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("ReportSet in console format with all sent writes nothing", async () => {
  const directory = await Deno.makeTempDir();
  const sink = new LineSink();

  const reporters = await openReporters(
    options(directory, sink, { outputFormat: "console" }),
  );
  await reporters.write(sentRecord());
  await reporters.finish(makeSummary({ total: 1, sent: 1 }));

  assert.deepEqual(reporters.paths, []);
  assert.deepEqual(await listNames(directory), []);
  assert.equal(sink.lines[0], "Run r-1 finished in 1.5 s");
  await Deno.remove(directory, { recursive: true });
});

Deno.test("ReportSet without retry file writes the report only", async () => {
  const directory = await Deno.makeTempDir();
  const sink = new LineSink();
  const outputFile = join(directory, "out", "day.csv");

  const reporters = await openReporters(
    options(directory, sink, {
      outputFormat: "csv",
      outputFile,
      retryFile: false,
    }),
  );
  await reporters.write(makeRecord({ status: "skipped", reason: "dry_run" }));
  await reporters.finish(makeSummary({ dryRun: true, total: 1, skipped: 1 }));

  assert.deepEqual(reporters.paths, [outputFile]);
  assert.deepEqual(await listNames(join(directory, "out")), ["day.csv"]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("ReportSet dispose before finish leaves no file", async () => {
  const directory = await Deno.makeTempDir();
  const sink = new LineSink();

  {
    await using reporters = await openReporters(options(directory, sink));
    await reporters.write(makeRecord({ status: "failed", stage: "sms" }));
  }

  assert.deepEqual(await listNames(directory), []);
  assert.deepEqual(sink.lines, []);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("ReportSet reports a file it cannot write", async () => {
  const directory = await Deno.makeTempDir();
  const sink = new LineSink();
  const outputFile = join(directory, "taken.json");
  await Deno.mkdir(outputFile);

  const reporters = await openReporters(
    options(directory, sink, { outputFile }),
  );
  await reporters.write(makeRecord({ status: "failed", stage: "sms" }));
  const failure = await reporters
    .finish(makeSummary({ total: 1, failed: 1 }))
    .catch((error) => error);

  assert.ok(failure instanceof FileWriteError);
  assert.equal(
    failure.message,
    `Cannot write report "${outputFile}": the path is a directory, ` +
      "choose a file name",
  );
  const retry = join(directory, "taken.retry.txt");
  assert.deepEqual(reporters.paths, [retry]);
  assert.equal(sink.lines.at(-1), `Retry file  ${retry}`);
  assert.deepEqual(await listNames(directory), [
    "taken.json",
    "taken.retry.txt",
  ]);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("ReportSet streams 100000 records in bounded memory", async () => {
  const directory = await Deno.makeTempDir();
  const sink = new LineSink();
  const count = 100_000;

  const reporters = await openReporters(options(directory, sink));
  collectGarbage();
  const before = Deno.memoryUsage();
  for (let line = 2; line < count + 2; line++) {
    const phone = `+9769911${String(line % 10_000).padStart(4, "0")}`;
    const record = line % 2 === 0
      ? sentRecord({ line, phone, messageId: `M-${line}` })
      : makeRecord({
        line,
        phone,
        status: "failed",
        stage: "sms",
        errorType: "HttpError",
        errorMessage: "SMS API POST 127.0.0.1: 400 bad sender",
        httpStatus: 400,
      });
    await reporters.write(record);
  }
  collectGarbage();
  const after = Deno.memoryUsage();
  await reporters.finish(
    makeSummary({ total: count, sent: count / 2, failed: count / 2 }),
  );

  const rssGrowth = (after.rss - before.rss) / 2 ** 20;
  const heapGrowth = (after.heapUsed - before.heapUsed) / 2 ** 20;
  console.log(
    `rss growth ${rssGrowth.toFixed(1)} MiB, ` +
      `heap growth ${heapGrowth.toFixed(1)} MiB for ${count} records`,
  );
  const report = join(directory, "r-1.json");
  assert.ok((await Deno.stat(report)).size > 30 * 2 ** 20);
  // Holding these records in an array measured about 50 MiB of rss growth.
  assert.ok(rssGrowth < 40, `rss grew by ${rssGrowth.toFixed(1)} MiB`);
  if (hasGarbageCollector()) {
    assert.ok(heapGrowth < 16, `heap grew by ${heapGrowth.toFixed(1)} MiB`);
  }
  await Deno.remove(directory, { recursive: true });
});

/** Runs a full garbage collection when V8 exposes it (`--expose-gc`). */
function collectGarbage(): void {
  if (hasGarbageCollector()) (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Tells whether `gc()` is available. Without it, `heapUsed` includes
 * garbage not yet collected, which is too noisy to bound.
 */
function hasGarbageCollector(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === "function";
}
