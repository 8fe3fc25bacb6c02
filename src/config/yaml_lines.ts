/**
 * Finds the line of a dotted path in YAML text, so errors can point at it.
 *
 * @module
 */

const MAPPING_KEY = /^(\s*)(?:-\s+)?(["']?)([^"':#]+?)\2\s*:(?:\s|$)/;

/**
 * Maps every block-mapping key path (such as `sms_api.url`) to its 1-based
 * line. Flow mappings and list items without keys are not indexed.
 */
export function indexKeyLines(yamlText: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: { indent: number; key: string }[] = [];
  const rows = yamlText.split(/\r?\n/);

  rows.forEach((row, index) => {
    const match = MAPPING_KEY.exec(row);
    if (match === null || row.trimStart().startsWith("#")) return;
    const indent = match[1]!.length;
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    stack.push({ indent, key: match[3]!.trim() });
    const path = stack.map((entry) => entry.key).join(".");
    if (!lines.has(path)) lines.set(path, index + 1);
  });

  return lines;
}

/** Returns the line of `path` or of its nearest indexed parent. */
export function lineOf(
  index: Map<string, number>,
  path: string,
): number | undefined {
  const parts = path.split(".");
  while (parts.length > 0) {
    const line = index.get(parts.join("."));
    if (line !== undefined) return line;
    parts.pop();
  }
  return undefined;
}
