/**
 * A first look at an input file, refusing files that are not text before
 * any line is read: a workbook or random bytes would otherwise become
 * hundreds of rejected lines.
 *
 * @module
 */
import { InputError } from "./input_error.ts";

/** Bytes looked at; a text file of numbers shows its nature at once. */
const SNIFF_BYTES = 8192;

/** Start of a ZIP archive, which is what .xlsx and .ods files are. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * Checks that the file at `path` looks like text.
 *
 * @throws {InputError} for a ZIP (spreadsheet) file, UTF-16 text or other
 * binary data.
 */
export async function checkTextFile(path: string): Promise<void> {
  const head = await readHead(path);
  if (ZIP_SIGNATURE.every((byte, i) => head[i] === byte)) {
    throw new InputError(
      `Input "${path}" is a ZIP file, such as an Excel workbook: save it as CSV UTF-8 and pass that file`,
    );
  }
  const zeros = head.filter((byte) => byte === 0).length;
  if (zeros === 0) return;
  if (zeros * 3 >= head.length) {
    throw new InputError(
      `Input "${path}" looks like UTF-16 text: save it as UTF-8 and pass that file`,
    );
  }
  throw new InputError(
    `Input "${path}" is a binary file, not text: pass a text file with one number a line, or a CSV file`,
  );
}

async function readHead(path: string): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    const buffer = new Uint8Array(SNIFF_BYTES);
    const read = await file.read(buffer);
    return buffer.subarray(0, read ?? 0);
  } finally {
    file.close();
  }
}
