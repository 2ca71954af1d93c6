// Times are stored in UTC and shown in the reader's time zone (a cookie the browser sets;
// UTC until it has). A calendar day (day precision) is a day, not an instant: shown as is.

export const TIME_ZONE_COOKIE = "storydesk-tz";
export const DEFAULT_TIME_ZONE = "UTC";

/** The zone if the runtime knows it, else UTC: cookie values come from the client. */
export function safeTimeZone(value: string | null | undefined): string {
  if (!value || value.length > 64) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: value });
    return value;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

// Formatters made once per zone and shape: making one costs more than formatting with it.
const formats = new Map<string, Intl.DateTimeFormat>();
/** The formatter cached under `key` (a zone and a shape), made by `make` the first time. */
export function cachedFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key);
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

function formatter(timeZone: string, precision: "day" | "minute" | "second"): Intl.DateTimeFormat {
  return cachedFormat(`${timeZone}|${precision}`, () =>
    precision === "day"
      ? new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })
      : new Intl.DateTimeFormat("en-GB", {
          weekday: "short",
          day: "numeric",
          month: "short",
          year: "numeric",
          hour: "2-digit",
          minute: "2-digit",
          ...(precision === "second" ? { second: "2-digit" } : {}),
          hour12: false,
          timeZone,
          timeZoneName: "short",
        }),
  );
}

/** "25 Sep 2025" (a day), or "Thu, 25 Sep 2025, 14:30 GMT+2" in the reader's zone. */
export function formatMoment(at: Date, timeZone: string, precision: "day" | "minute" | "second" = "minute"): string {
  return formatter(timeZone, precision).format(at);
}

/** The calendar day of an instant in a zone, "2026-11-23": for grouping a feed by day. */
export function dayKey(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(at);
  return parts;
}

/** "Monday 23 November 2026": a day heading. */
export function formatDayHeading(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone }).format(at);
}

/** "18:04" in the zone. */
export function formatClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone }).format(at);
}

/** The value a datetime-local input shows for an instant in a zone: "2026-11-23T18:00". */
export function toLocalInput(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZone,
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const hour = parts.hour === "24" ? "00" : parts.hour;
  return `${parts.year}-${parts.month}-${parts.day}T${hour}:${parts.minute}`;
}

/**
 * The instant a wall-clock time ("2026-11-23T18:00") names in a zone. Across a DST change the
 * offset is taken at the result, so 18:00 means 18:00 on that day's clock.
 */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc)) return null;
  const offsetAt = (instant: number) => {
    const local = toLocalInput(new Date(instant), timeZone);
    const [, ly, lmo, ld, lh, lmi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)!.map(Number) as number[];
    return Date.UTC(ly!, lmo! - 1, ld!, lh!, lmi!) - instant;
  };
  let guess = asUtc - offsetAt(asUtc);
  guess = asUtc - offsetAt(guess);
  return new Date(guess);
}
