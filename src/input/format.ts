/**
 * The shape of an input file, kept so that recipients to retry can be
 * written back in the same shape.
 *
 * @module
 */

/** Plain text (one number a line) or CSV with a header row. */
export type InputFormat =
  | { kind: "text" }
  | {
    kind: "csv";
    /** Header cells in file order. */
    header: string[];
    delimiter: "," | ";";
    /** Header cell that holds the phone numbers. */
    phoneColumn: string;
  };
