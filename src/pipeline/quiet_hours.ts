/**
 * The quiet-hours safety rail: a run does not start inside
 * `safety.quiet_hours`, read in Asia/Ulaanbaatar time.
 *
 * @module
 */

/** Time zone of the recipients, in which quiet hours are read. */
export const RECIPIENT_TIME_ZONE = "Asia/Ulaanbaatar";

/** A daily window such as 21:00 to 09:00; it may cross midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

/** Tells whether `now` falls inside `hours` in Ulaanbaatar time. */
export function isQuietTime(hours: QuietHours, now: Date): boolean {
  const minute = minuteOfDay(now);
  const start = parseClock(hours.start);
  const end = parseClock(hours.end);
  if (start === end) return false;
  return start < end
    ? minute >= start && minute < end
    : minute >= start || minute < end;
}

/** Formats `now` as HH:MM in Ulaanbaatar time. */
export function clockInUlaanbaatar(now: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: RECIPIENT_TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(now);
}

function minuteOfDay(now: Date): number {
  return parseClock(clockInUlaanbaatar(now));
}

function parseClock(clock: string): number {
  const [hours, minutes] = clock.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
