/**
 * Splitting of a byte stream into physical lines with bounded memory.
 *
 * @module
 */

import { InputError } from "./input_error.ts";

/** Maximum length of a line, in characters (Unicode code points). */
export const MAX_LINE_LENGTH = 10_000;

/** One physical line of the input, without its line break. */
export interface PhysicalLine {
  /** 1-based line number. */
  number: number;
  /**
   * Text of the line without a trailing CR. For a line with a `problem`,
   * a short excerpt with unreadable characters replaced by U+FFFD.
   */
  text: string;
  /** Reason the line cannot be used; absent for a readable line. */
  problem?: string;
}

const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const EXCERPT_BYTES = 256;
const EXCERPT_LENGTH = 64;
// C0 controls and DEL other than tab. A text file never contains them, so
// they mark binary data pasted or exported by mistake.
const CONTROL_CHARACTER = /(?!\t)\p{Cc}/u;

/**
 * Reads `stream` as UTF-8 lines split at LF, dropping a CR before the LF
 * and a UTF-8 byte order mark at the start.
 *
 * Memory stays bounded whatever the input: a line longer than
 * {@linkcode MAX_LINE_LENGTH} is counted but not kept, and comes out with
 * a `problem`. So do lines that are not valid UTF-8 or contain control
 * characters.
 *
 * @param source Name of the input for error messages.
 * @throws {InputError} when the input is UTF-16 or cannot be read.
 */
export async function* readPhysicalLines(
  stream: ReadableStream<Uint8Array>,
  source: string,
): AsyncGenerator<PhysicalLine> {
  const line = new LineBuffer();
  let number = 0;
  try {
    for await (const chunk of stream) {
      let start = 0;
      let end = chunk.indexOf(LF, start);
      while (end !== -1) {
        line.append(chunk.subarray(start, end));
        number++;
        yield line.take(number, source);
        start = end + 1;
        end = chunk.indexOf(LF, start);
      }
      line.append(chunk.subarray(start));
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(
      `Cannot read input "${source}" after line ${number}: ${reason}`,
      { cause: error },
    );
  }
  if (!line.isEmpty()) yield line.take(number + 1, source);
}

/** Tells whether a line is empty, only spaces, or a `#` comment. */
export function isBlankOrComment(line: PhysicalLine): boolean {
  const text = line.text.trim();
  return text === "" || text.startsWith("#");
}

/** Bytes of the line being read, kept only while the line is short. */
class LineBuffer {
  #pieces: Uint8Array[] = [];
  #head: Uint8Array | undefined;
  #characters = 0;
  #bytes = 0;
  #lastByte = -1;

  isEmpty(): boolean {
    return this.#bytes === 0;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#bytes += bytes.length;
    this.#lastByte = bytes[bytes.length - 1]!;
    this.#characters += countCodePoints(bytes);
    if (this.#head !== undefined) return;

    this.#pieces.push(bytes);
    // One spare character, because a trailing CR is not part of the text.
    if (this.#characters > MAX_LINE_LENGTH + 1) {
      this.#head = concat(this.#pieces).subarray(0, EXCERPT_BYTES);
      this.#pieces = [];
    }
  }

  take(number: number, source: string): PhysicalLine {
    let bytes = this.#head ?? concat(this.#pieces);
    let length = this.#characters;
    if (this.#lastByte === CR && this.#head === undefined) {
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    if (this.#lastByte === CR) length--;
    if (number === 1) {
      rejectUtf16(bytes, source);
      if (startsWithBom(bytes)) {
        bytes = bytes.subarray(UTF8_BOM.length);
        length--;
      }
    }
    this.#reset();
    return toLine(number, bytes, length);
  }

  #reset(): void {
    this.#pieces = [];
    this.#head = undefined;
    this.#characters = 0;
    this.#bytes = 0;
    this.#lastByte = -1;
  }
}

function toLine(number: number, bytes: Uint8Array, length: number) {
  if (length > MAX_LINE_LENGTH) {
    return lineProblem(number, bytes, `Line too long (${length} characters)`);
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const reason = "Line is not valid UTF-8: save the file as UTF-8 text";
    return lineProblem(number, bytes, reason);
  }

  const control = CONTROL_CHARACTER.exec(text);
  if (control !== null) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase();
    const name = `U+${code.padStart(4, "0")}`;
    const reason = `Line contains binary data (control character ${name})`;
    return lineProblem(number, bytes, reason);
  }
  return { number, text };
}

function lineProblem(
  number: number,
  bytes: Uint8Array,
  problem: string,
): PhysicalLine {
  return { number, text: excerpt(bytes), problem };
}

/** Decodes the start of a line for display, replacing what is unreadable. */
function excerpt(bytes: Uint8Array): string {
  const decoded = new TextDecoder().decode(bytes.subarray(0, EXCERPT_BYTES));
  const characters = [...decoded.replace(/\p{Cc}/gu, "\ufffd")];
  if (characters.length <= EXCERPT_LENGTH) return characters.join("");
  return characters.slice(0, EXCERPT_LENGTH).join("") + "…";
}

/**
 * Counts the bytes that start a UTF-8 sequence, which is every byte but a
 * continuation byte (10xxxxxx).
 */
function countCodePoints(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) {
    if ((byte & 0xc0) !== 0x80) count++;
  }
  return count;
}

function concat(pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    result.set(piece, offset);
    offset += piece.length;
  }
  return result;
}

function startsWithBom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((byte, index) => bytes[index] === byte);
}

function rejectUtf16(bytes: Uint8Array, source: string): void {
  const first = bytes[0];
  const second = bytes[1];
  const isUtf16 = (first === 0xff && second === 0xfe) ||
    (first === 0xfe && second === 0xff);
  if (isUtf16) {
    throw new InputError(
      `Cannot read input "${source}": it is UTF-16 text, ` +
        "save it as UTF-8 and try again",
    );
  }
}
