/**
 * Reads request fields from the query string and from a JSON or form body,
 * the three encodings that API clients commonly use.
 *
 * @module
 */

/** Field values by name; a repeated form or query field becomes a list. */
export type Fields = Map<string, unknown>;

/** Result of reading the fields of a request. */
export type FieldsResult =
  | { readonly ok: true; readonly fields: Fields }
  | { readonly ok: false; readonly error: string };

/**
 * Merges the fields of the query string with those of the body, the body
 * winning on a name present in both. A body is read as JSON when the content
 * type names JSON or when it starts with `{`, and otherwise as a form.
 */
export function readFields(
  search: URLSearchParams,
  contentType: string | undefined,
  body: string,
): FieldsResult {
  const fields: Fields = new Map();
  addParams(fields, search);
  const trimmed = body.trim();
  if (trimmed === "") return { ok: true, fields };

  const type = (contentType ?? "").toLowerCase();
  const isJson = type.includes("json") ||
    (!type.includes("x-www-form-urlencoded") && trimmed.startsWith("{"));

  if (!isJson) {
    addParams(fields, new URLSearchParams(body));
    return { ok: true, fields };
  }

  return addJson(fields, trimmed);
}

function addParams(fields: Fields, params: URLSearchParams): void {
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    fields.set(name, values.length === 1 ? values[0] : values);
  }
}

function addJson(fields: Fields, body: string): FieldsResult {
  let parsed: unknown;

  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: `Invalid JSON body: ${reason}, send a JSON object`,
    };
  }

  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return {
      ok: false,
      error: "Invalid JSON body: expected an object of fields",
    };
  }

  for (const [name, value] of Object.entries(parsed)) fields.set(name, value);
  return { ok: true, fields };
}
