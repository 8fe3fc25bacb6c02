/**
 * Reads a value from parsed JSON by a dotted path such as `data.items.0.id`.
 *
 * @module
 */

/** Returns the value at `path`, or `undefined` when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Returns the value at `path` as text, when it is a string or number. */
export function readText(value: unknown, path: string): string | undefined {
  const found = readPath(value, path);
  if (typeof found === "string" && found !== "") return found;
  if (typeof found === "number") return String(found);
  return undefined;
}
