/**
 * The error raised when an input file cannot be used at all.
 *
 * @module
 */

/**
 * A problem with the whole input file, such as a missing file or a CSV
 * header without a phone column. Problems with single lines are not
 * errors: they become rejected items instead.
 */
export class InputError extends Error {
  /** Creates the error with a one-line message and an optional cause. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InputError";
  }
}
