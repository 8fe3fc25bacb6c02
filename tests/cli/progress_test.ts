import assert from "node:assert/strict";
import { Progress } from "../../src/cli/progress.ts";
import type { RecipientRecord } from "../../src/pipeline/outcome.ts";

function record(status: RecipientRecord["status"]): RecipientRecord {
  return { line: 1, input: "99112233", status, attempts: 1, fields: {} };
}

function capture() {
  const lines: string[] = [];
  const live: string[] = [];
  return {
    lines,
    live,
    sink: {
      writeLine: (text: string) => lines.push(text),
      writeLive: (text: string) => live.push(text),
    },
  };
}

Deno.test("Progress shows counts and ETA on the live line", () => {
  const output = capture();
  const progress = new Progress({ sink: output.sink, live: true, total: 4 });

  progress.add(record("sent"));
  progress.end();

  assert.equal(output.lines.length, 0);
  assert.equal(output.live.length, 2);
  assert.match(
    output.live[0]!,
    /^1\/4 {2}sent 1 {2}failed 0 {2}\d+\.\d\/s {2}ETA \d+/,
  );
  assert.equal(output.live[1], "");
});

Deno.test("Progress prints plain lines without a terminal", () => {
  const output = capture();
  const progress = new Progress({ sink: output.sink, live: false });

  progress.add(record("failed"));
  progress.add(record("unknown"));
  progress.end();

  assert.equal(output.live.length, 0);
  // The second record comes within the interval, so only one line shows.
  assert.equal(output.lines.length, 1);
  assert.match(output.lines[0]!, /^1 {2}sent 0 {2}failed 1 {2}/);
});
