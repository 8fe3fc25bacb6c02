/**
 * The dry run's sample: the first recipient's message as it would be
 * sent, with its SMS segment count.
 *
 * @module
 */
import type { SampleMessage } from "../pipeline/dry_run.ts";
import type { LineSink } from "./terminal_io.ts";

/** Prints `sample`, or reports that no recipient could be rendered. */
export function printSample(
  sample: SampleMessage | undefined,
  sink: LineSink,
): void {
  if (sample === undefined) {
    sink.writeLine("Dry run: no valid recipient, so no sample message");
    return;
  }
  const { segments } = sample;
  const parts = segments.segments === 1
    ? "1 SMS segment"
    : `${segments.segments} SMS segments`;
  sink.writeLine(
    `Dry run: no request was sent. Sample message (line ${sample.line}, with a made-up link):`,
  );
  for (const line of sample.text.split("\n")) sink.writeLine(`  ${line}`);
  sink.writeLine(
    `  -> ${sample.text.length} characters, ${segments.encoding}, ${parts} (${segments.perSegment} characters per segment)`,
  );
  if (segments.encoding === "UCS-2") {
    sink.writeLine(
      `  UCS-2 is needed for ${ucs2Reasons(segments.nonGsmCharacters)}`,
    );
  }
}

/**
 * Names what forces UCS-2: Cyrillic as a whole, and every other character
 * one by one, since a single curly apostrophe in Latin text doubles the
 * cost of every message.
 */
function ucs2Reasons(characters: readonly string[]): string {
  const cyrillic = characters.some((c) => /\p{Script=Cyrillic}/u.test(c));
  const others = characters
    .filter((c) => !/\p{Script=Cyrillic}/u.test(c))
    .slice(0, 10)
    .map((c) =>
      `"${c}" (U+${
        c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")
      })`
    );
  const parts = [...(cyrillic ? ["Cyrillic text"] : []), ...others];
  return parts.join(", ");
}
