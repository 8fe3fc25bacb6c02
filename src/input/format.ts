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
    /** Column keys in file order, as the records' `fields` name them. */
    header: string[];
    /** Header cells as written in the file, in the same order. */
    headerText: string[];
    delimiter: "," | ";";
    /** Key of the column that contains the phone numbers. */
    phoneColumn: string;
  };
