/**
 * Parsers of command-line option values. Each rejects a bad value with one
 * line naming the value and the accepted range; commander adds the option.
 *
 * @module
 */
import { InvalidArgumentError } from "commander";

/** Creates a parser of whole numbers from `min` to `max`. */
export function integerIn(min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(
        `"${value}" is not a whole number from ${min} to ${max}.`,
      );
    }
    return number;
  };
}

/** Creates a parser of numbers from `min` to `max`. */
export function numberIn(min: number, max: number, exclusiveMin = false) {
  return (value: string): number => {
    const number = Number(value);
    const tooLow = exclusiveMin ? number <= min : number < min;
    if (
      value.trim() === "" || !Number.isFinite(number) || tooLow || number > max
    ) {
      const range = exclusiveMin
        ? `above ${min} and at most ${max}`
        : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`"${value}" is not a number ${range}.`);
    }
    return number;
  };
}

/** Parses a comma-separated list of positive whole numbers, such as `1,2`. */
export function idList(value: string): number[] {
  const parts = value.split(",").map((part) => part.trim());
  const ids = parts.map(Number);
  if (
    parts.some((part) => !/^\d+$/.test(part)) || ids.some((id) => id < 1)
  ) {
    throw new InvalidArgumentError(
      `"${value}" is not a comma-separated list of positive whole numbers such as 1,2.`,
    );
  }
  return ids;
}

/** Parses a non-empty text value. */
export function nonEmpty(value: string): string {
  if (value.trim() === "") {
    throw new InvalidArgumentError("the value is empty.");
  }
  return value;
}
