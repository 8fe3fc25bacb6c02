/**
 * `Retry-After` header parsing (RFC 9110, section 10.2.3): either a number
 * of seconds or an HTTP-date.
 *
 * @module
 */

const HTTP_DATE_MONTH = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/;

/**
 * Returns the wait the header asks for in milliseconds, or `undefined`
 * when the header is missing or malformed. A date in the past gives 0.
 */
export function parseRetryAfter(
  header: string | null,
  now: number = Date.now(),
): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Date.parse also reads values such as "1.5" or "-1" as dates, so only
  // text with a month name, as every HTTP-date format has, counts as one.
  if (!HTTP_DATE_MONTH.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
