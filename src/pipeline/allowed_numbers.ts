/**
 * The allowlist safety rail: when `safety.allowed_numbers` is set, only
 * numbers on it, or starting with one of its prefixes, receive anything.
 *
 * @module
 */

/** A compiled allowlist; an empty one allows every number. */
export interface AllowedNumbers {
  allows(e164: string): boolean;
}

/**
 * Compiles allowlist entries. An entry is a full number or a prefix, with
 * or without `+976`: `99112233`, `+97699`, `9911` all work.
 */
export function compileAllowedNumbers(
  entries: readonly string[],
): AllowedNumbers {
  const prefixes = entries.map(toE164Prefix);
  return {
    allows: (e164) =>
      prefixes.length === 0 ||
      prefixes.some((prefix) => e164.startsWith(prefix)),
  };
}

function toE164Prefix(entry: string): string {
  const digits = entry.replace(/[\s\-().]/g, "");
  if (digits.startsWith("+")) return digits;
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("976") && digits.length > 8) return `+${digits}`;
  return `+976${digits}`;
}
