/**
 * Summary of a V8 `.cpuprofile` (the format `deno run --cpu-prof` writes):
 * self time by function, and by source file of this project.
 *
 * @module
 */

interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Node id of each sample. */
  samples: number[];
  /** Microseconds before each sample. */
  timeDeltas: number[];
}

/** Self time of one function or file. */
export interface SelfTime {
  /** `name (file:line)` of a function, or the file's path. */
  label: string;
  selfMs: number;
  /** Share of all sampled time, from 0 to 1. */
  share: number;
}

/** Self time by function and by project file. */
export interface ProfileSummary {
  totalMs: number;
  functions: SelfTime[];
  /** Files of this project under `src/` and `main.ts`. */
  projectFiles: SelfTime[];
}

/**
 * Sums the self time of every sample in `profileText` by function and by
 * file. `projectRoot` is the `file://` URL of the project folder, with a
 * trailing slash. Labels show paths under it relative to it, and packages
 * by their npm name.
 */
export function summarizeProfile(
  profileText: string,
  projectRoot: string,
): ProfileSummary {
  const profile = JSON.parse(profileText) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalUs = 0;

  profile.samples.forEach((nodeId, index) => {
    // Each delta is the time before its sample; the first one is measured
    // from the profile's start.
    const us = profile.timeDeltas[index] ?? 0;
    const frame = nodes.get(nodeId)?.callFrame;
    if (frame === undefined) return;
    totalUs += us;
    const file = shortenUrl(frame.url, projectRoot);
    const name = frame.functionName === "" ? "(anonymous)" : frame.functionName;
    // lineNumber is 0-based in the profile format.
    const label = file === ""
      ? name
      : `${name} (${file}:${frame.lineNumber + 1})`;
    byFunction.set(label, (byFunction.get(label) ?? 0) + us);
    if (file.startsWith("src/") || file === "main.ts") {
      byFile.set(file, (byFile.get(file) ?? 0) + us);
    }
  });

  const toRows = (totals: Map<string, number>) =>
    [...totals].map(([label, us]) => ({
      label,
      selfMs: us / 1000,
      share: totalUs === 0 ? 0 : us / totalUs,
    })).sort((a, b) => b.selfMs - a.selfMs);

  return {
    totalMs: totalUs / 1000,
    functions: toRows(byFunction),
    projectFiles: toRows(byFile),
  };
}

function shortenUrl(url: string, projectRoot: string): string {
  if (url.startsWith(projectRoot)) return url.slice(projectRoot.length);
  const npm = /\/registry\.npmjs\.org\/((?:@[^/]+\/)?[^/]+)\/[^/]+\/(.*)$/
    .exec(url);
  if (npm !== null) return `npm:${npm[1]}/${npm[2]}`;
  return url;
}
