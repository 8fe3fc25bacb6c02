/**
 * `{placeholder}` templates for the message and the API request fields.
 *
 * @module
 */

const PLACEHOLDER = /\{([^{}\s]+)\}/g;
const SINGLE_PLACEHOLDER = /^\{([^{}\s]+)\}$/;

/** Value a placeholder can take; lists and numbers keep their JSON type. */
export type PlaceholderValue = string | number | readonly number[];

/** Values for one recipient, keyed by placeholder name. */
export type PlaceholderValues = ReadonlyMap<string, PlaceholderValue>;

/** Lists the placeholder names used in a template, in order of first use. */
export function placeholdersIn(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1]!);
  return [...names];
}

/**
 * Renders a template as text. Lists are joined with commas.
 *
 * @throws {MissingValueError} when a placeholder has no value. Templates
 * are checked before a run, so this means a CSV cell empty in one row.
 */
export function renderText(template: string, values: PlaceholderValues) {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    return formatValue(name, values.get(name));
  });
}

/**
 * Renders one request field. A field that is exactly one placeholder keeps
 * the value's JSON type, so `"{type_ids}"` becomes `[1, 2]` in a JSON body.
 */
export function renderField(
  template: unknown,
  values: PlaceholderValues,
): unknown {
  if (typeof template !== "string") return template;
  const single = SINGLE_PLACEHOLDER.exec(template);
  if (single === null) return renderText(template, values);
  const value = values.get(single[1]!);
  if (value === undefined) throw new MissingValueError(single[1]!);
  return value;
}

function formatValue(name: string, value: PlaceholderValue | undefined) {
  if (value === undefined) throw new MissingValueError(name);
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** A placeholder with no value for one recipient, such as an empty cell. */
export class MissingValueError extends Error {
  /** Name of the placeholder without braces. */
  readonly placeholder: string;

  /** Creates the error for placeholder `name`. */
  constructor(name: string) {
    super(`Missing value for placeholder {${name}}: the cell is empty`);
    this.name = "MissingValueError";
    this.placeholder = name;
  }
}
