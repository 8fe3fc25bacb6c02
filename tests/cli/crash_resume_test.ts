/**
 * Crash tests: `send` runs as a child process that is killed with SIGKILL at
 * seeded random moments and resumed from its journal each time, until a run
 * ends by itself. The sandbox's outbox and assessments then show whether
 * anybody was invited twice or missed.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { JsonReport } from "./send_harness.ts";
import { configFor, mobileNumbers } from "./send_harness.ts";
import {
  type JournalLine,
  readJournalLines,
  type SendResult,
  spawnSend,
} from "./send_process.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/mod.ts";
import type { SandboxOptions } from "../../src/sandbox/mod.ts";

/** Valid numbers in the input. */
const RECIPIENTS = 300;
/** Lines the tool must reject, so the input is not all valid. */
const INVALID_LINES = ["70112233", "not a number"];
/** SIGKILLs per test; the run after the last one goes to its end. */
const KILLS = 12;
/** Range of the delay between the journal being opened and the kill. */
const MIN_KILL_DELAY_MS = 50;
const MAX_KILL_DELAY_MS = 400;
/** Maximum wait for one child to open its journal or to end. */
const CHILD_TIMEOUT_MS = 20_000;
/** A slow enough pace that a whole run outlasts the twelve kills. */
const PROCESSING = "max_concurrent: 2";
const LATENCY = { latencyMs: 10, jitterMs: 5 };

/** What one crash-and-resume sequence did. */
interface CrashLog {
  kills: number;
  resumes: number;
  /** Exit of the first run that ended by itself. */
  final: SendResult;
  /** JSON report of that run. */
  report: JsonReport;
}

/** A small seeded generator (mulberry32), so kill moments repeat. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface CrashWorld extends AsyncDisposable {
  dir: string;
  sandbox: Sandbox;
  input: string;
  config: string;
  journal: string;
}

async function openCrashWorld(
  sandboxOptions: SandboxOptions,
  honoursKeys: boolean,
): Promise<CrashWorld> {
  const dir = await Deno.makeTempDir({ prefix: "assessment-sms-crash-" });
  const sandbox = await startSandbox({
    port: 0,
    ...sandboxOptions,
    faults: { assessment: LATENCY, sms: LATENCY },
  });
  const config = `${dir}/config.yml`;
  const text = configFor(PROCESSING).replaceAll("{url}", sandbox.url)
    .replaceAll(
      "honours_idempotency_key: true",
      `honours_idempotency_key: ${honoursKeys}`,
    );
  await Deno.writeTextFile(config, text);
  const input = `${dir}/numbers.txt`;
  const lines = mobileNumbers(RECIPIENTS);
  lines.splice(100, 0, INVALID_LINES[0]!);
  lines.splice(200, 0, INVALID_LINES[1]!);
  await Deno.writeTextFile(input, lines.join("\n") + "\n");
  return {
    dir,
    sandbox,
    input,
    config,
    journal: `${dir}/run.journal.jsonl`,
    async [Symbol.asyncDispose]() {
      await sandbox.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/**
 * Starts `send`, then kills it at a random moment and resumes it, `KILLS`
 * times, and lets the next run go to its end. Runs after the first add
 * `--resume` and `resumeFlags`.
 */
async function crashAndResume(
  world: CrashWorld,
  options: { seed: number; resumeFlags: string[] },
): Promise<CrashLog> {
  const random = seededRandom(options.seed);
  let kills = 0;
  let resumes = 0;

  for (let run = 0;; run += 1) {
    const first = run === 0;
    const args = [
      world.input,
      "--config",
      world.config,
      ...(first
        ? ["--journal", world.journal]
        : ["--resume", world.journal, ...options.resumeFlags]),
      "--report-dir",
      `${world.dir}/reports`,
      "--output-format",
      "json",
      "--output-file",
      `${world.dir}/reports/run-${run}.json`,
      "--quiet",
    ];
    if (!first) resumes += 1;
    await using child = spawnSend(args, {
      dir: world.dir,
      port: world.sandbox.port,
    });
    const opened = await child.waitForStderr("Journal:", CHILD_TIMEOUT_MS);
    assert.ok(
      opened,
      `run ${run} never opened its journal:\n${child.stderr()}`,
    );

    if (kills < KILLS) {
      const delay = MIN_KILL_DELAY_MS +
        Math.floor(random() * (MAX_KILL_DELAY_MS - MIN_KILL_DELAY_MS));
      await sleep(delay);
      child.kill("SIGKILL");
    }

    const result = await withTimeout(child.result(), CHILD_TIMEOUT_MS);
    if (result.signal === "SIGKILL") {
      kills += 1;
      continue;
    }

    assert.ok(
      kills >= KILLS,
      `run ${run} ended by itself after only ${kills} kills: slow the sandbox down`,
    );
    const report: JsonReport = JSON.parse(
      await Deno.readTextFile(`${world.dir}/reports/run-${run}.json`),
    );
    return { kills, resumes, final: result, report };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No result within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Numbers whose step was requested and never confirmed, refused or marked
 * unknown before a `resume` line: the requests a kill left open.
 */
function openStepsAtKills(lines: JournalLine[]) {
  const assessment = new Set<string>();
  const sms = new Set<string>();
  const openAssessment = new Set<string>();
  const openSms = new Set<string>();

  for (const line of lines) {
    if (line.type === "resume") {
      for (const phone of openAssessment) assessment.add(phone);
      for (const phone of openSms) sms.add(phone);
      openAssessment.clear();
      openSms.clear();
      continue;
    }
    const phone = line.phone;
    if (phone === undefined) continue;
    switch (line.type) {
      case "assessment_requested":
        openAssessment.add(phone);
        break;
      case "assessment_created":
        openAssessment.delete(phone);
        break;
      case "sms_requested":
        openSms.add(phone);
        break;
      case "sms_sent":
      case "unknown":
        openSms.delete(phone);
        break;
      case "failed":
        if (line.stage === "assessment") openAssessment.delete(phone);
        else openSms.delete(phone);
        break;
    }
  }
  return { assessment, sms };
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function e164Numbers(): string[] {
  return mobileNumbers(RECIPIENTS).map((number) => `+976${number}`);
}

/** Checks that every SMS carries a link of an assessment of its own number. */
function assertLinksMatch(sandbox: Sandbox): void {
  const phoneOfLink = new Map(
    sandbox.assessments().map((record) => [record.link, record.phone]),
  );
  for (const sms of sandbox.outbox()) {
    const link = sms.text.replace("Тест ", "");
    assert.equal(
      phoneOfLink.get(link),
      sms.to,
      `SMS ${sms.id} carries a link of another number`,
    );
  }
}

/** Checks that each number's requests of one step all carry one key. */
function assertStableKeys(lines: JournalLine[]): Map<string, string> {
  const smsKeys = new Map<string, string>();
  const assessmentKeys = new Map<string, string>();
  for (const line of lines) {
    if (line.phone === undefined || line.key === undefined) continue;
    const keys = line.type === "sms_requested" ? smsKeys : assessmentKeys;
    const earlier = keys.get(line.phone);
    if (earlier !== undefined) {
      assert.equal(line.key, earlier, `key of ${line.type} changed on resume`);
    }
    keys.set(line.phone, line.key);
  }
  return smsKeys;
}

function statusesOf(report: JsonReport): Map<string, string[]> {
  const statuses = new Map<string, string[]>();
  for (const record of report.records) {
    if (record.phone === null) continue;
    const label = record.reason === null
      ? record.status
      : `${record.status}:${record.reason}`;
    statuses.set(label, [...(statuses.get(label) ?? []), record.phone]);
  }
  return statuses;
}

Deno.test("crash and resume with idempotent APIs duplicates nothing", async () => {
  await using world = await openCrashWorld({}, true);

  const log = await crashAndResume(world, { seed: 20261204, resumeFlags: [] });

  const lines = await readJournalLines(world.journal);
  const open = openStepsAtKills(lines);
  const stats = world.sandbox.stats();
  console.log(
    `kills ${log.kills}, resumes ${log.resumes}, SMS open at a kill ${open.sms.size}, assessments open at a kill ${open.assessment.size}, replayed keys ${
      stats.replays.sms + stats.replays.assessment
    }`,
  );
  assert.equal(log.final.code, 1, log.final.stderr);
  assert.equal(log.report.summary.counts.failed, INVALID_LINES.length);
  assert.equal(log.report.summary.counts.unknown, 0);
  assert.equal(log.report.summary.counts.not_attempted, 0);

  const numbers = e164Numbers();
  const smsCounts = countBy(world.sandbox.outbox().map((sms) => sms.to));
  const assessmentCounts = countBy(
    world.sandbox.assessments().map((record) => record.phone),
  );
  const missing = numbers.filter((phone) => !smsCounts.has(phone));
  const twice = [...smsCounts].filter(([, count]) => count > 1);
  const twiceAssessed = [...assessmentCounts].filter(([, count]) => count > 1);
  console.log(
    `SMS missing ${missing.length}, duplicate SMS ${twice.length}, duplicate assessments ${twiceAssessed.length}`,
  );
  assert.deepEqual(missing, []);
  assert.deepEqual(twice, []);
  assert.equal(smsCounts.size, RECIPIENTS);
  assert.deepEqual(twiceAssessed, []);
  assert.equal(assessmentCounts.size, RECIPIENTS);
  assertLinksMatch(world.sandbox);

  const smsKeys = assertStableKeys(lines);
  for (const sms of world.sandbox.outbox()) {
    assert.equal(sms.idempotency_key, smsKeys.get(sms.to));
  }
});

Deno.test("crash and resume without idempotency duplicates only open SMS", async () => {
  await using world = await openCrashWorld(
    { ignoreIdempotencyKeys: true },
    false,
  );

  const log = await crashAndResume(world, { seed: 19700101, resumeFlags: [] });

  const lines = await readJournalLines(world.journal);
  const open = openStepsAtKills(lines);
  const unknownInRun = statusesOf(log.report).get("unknown") ?? [];
  assert.deepEqual(
    [...unknownInRun].sort(),
    [...open.sms].sort(),
    "the run after the kills must report exactly the SMS left open as unknown",
  );
  assert.equal(log.final.code, open.sms.size > 0 ? 4 : 1, log.final.stderr);
  const outboxBeforeRetry = world.sandbox.outbox().length;

  const retry = await withTimeout(
    (async () => {
      await using child = spawnSend([
        world.input,
        "--config",
        world.config,
        "--resume",
        world.journal,
        "--retry-unknown",
        "--report-dir",
        `${world.dir}/reports`,
        "--output-format",
        "json",
        "--output-file",
        `${world.dir}/reports/retry-unknown.json`,
        "--quiet",
      ], { dir: world.dir, port: world.sandbox.port });
      return await child.result();
    })(),
    CHILD_TIMEOUT_MS,
  );
  assert.equal(retry.code, 1, retry.stderr);
  const retryReport: JsonReport = JSON.parse(
    await Deno.readTextFile(`${world.dir}/reports/retry-unknown.json`),
  );
  const retried = statusesOf(retryReport);
  assert.deepEqual(
    [...(retried.get("sent") ?? [])].sort(),
    [...open.sms].sort(),
    "--retry-unknown must send exactly the SMS left unknown",
  );
  assert.equal(
    retried.get("skipped:already_sent")?.length ?? 0,
    RECIPIENTS - open.sms.size,
  );
  assert.equal(
    world.sandbox.outbox().length - outboxBeforeRetry,
    open.sms.size,
  );

  const numbers = e164Numbers();
  const smsCounts = countBy(world.sandbox.outbox().map((sms) => sms.to));
  const assessmentCounts = countBy(
    world.sandbox.assessments().map((record) => record.phone),
  );
  const missing = numbers.filter((phone) => !smsCounts.has(phone));
  const twice = [...smsCounts].filter(([, count]) => count > 1);
  const twiceAssessed = [...assessmentCounts].filter(([, count]) => count > 1);
  console.log(
    `kills ${log.kills}, resumes ${
      log.resumes + 1
    }, SMS open at a kill ${open.sms.size}, duplicate SMS ${twice.length}, assessments open at a kill ${open.assessment.size}, duplicate assessments ${twiceAssessed.length}`,
  );
  assert.deepEqual(missing, []);
  assert.equal(smsCounts.size, RECIPIENTS);
  assert.equal(assessmentCounts.size, RECIPIENTS);
  for (const [phone, count] of twice) {
    assert.ok(open.sms.has(phone), `${phone} got ${count} SMS unannounced`);
  }
  for (const [phone, count] of twiceAssessed) {
    assert.ok(
      open.assessment.has(phone),
      `${phone} got ${count} assessments though none was left open`,
    );
  }
  assertLinksMatch(world.sandbox);
  assertStableKeys(lines);
});

Deno.test("resume while the killed run's SMS is in flight", async () => {
  await using world = await openCrashWorld({}, true);
  const slowSms = { latencyMs: 1_500 };
  world.sandbox.setFaults({ sms: slowSms });
  const numbers = mobileNumbers(2);
  await Deno.writeTextFile(world.input, numbers.join("\n") + "\n");
  const common = [
    "--config",
    world.config,
    "--report-dir",
    `${world.dir}/reports`,
    "--quiet",
  ];
  const options = { dir: world.dir, port: world.sandbox.port };

  {
    await using child = spawnSend(
      [world.input, ...common, "--journal", world.journal],
      options,
    );
    const deadline = Date.now() + CHILD_TIMEOUT_MS;
    while (world.sandbox.stats().requests.sms === 0) {
      assert.ok(Date.now() < deadline, child.stderr());
      assert.ok(!child.hasExited(), child.stderr());
      await sleep(5);
    }
    child.kill("SIGKILL");
    const killed = await child.result();
    assert.equal(killed.signal, "SIGKILL");
  }

  // The killed run's first SMS is still waiting in the sandbox while the
  // resumed run sends it again with the same key.
  const output = `${world.dir}/reports/resumed.json`;
  const resumed = await withTimeout(
    (async () => {
      await using child = spawnSend([
        world.input,
        ...common,
        "--resume",
        world.journal,
        "--output-format",
        "json",
        "--output-file",
        output,
      ], options);
      return await child.result();
    })(),
    CHILD_TIMEOUT_MS,
  );
  // Lets the killed run's request finish in the sandbox before counting.
  await sleep(slowSms.latencyMs);

  const report: JsonReport = JSON.parse(await Deno.readTextFile(output));
  const outbox = countBy(world.sandbox.outbox().map((sms) => sms.to));
  assert.deepEqual(
    [...outbox.values()],
    [1, 1],
    "every number must get exactly one SMS",
  );
  assert.deepEqual(
    report.records.map((record) => [record.status, record.error_message]),
    [["sent", null], ["sent", null]],
  );
  assert.equal(resumed.code, 0, resumed.stderr);
});
