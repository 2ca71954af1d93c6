const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const MINUTE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });

/** A moment at its precision: "25 Sep 2025", or "25 Sep 2025, 14:30 UTC". */
export function Moment({ at, precision }: { at: Date; precision: "day" | "minute" }) {
  const iso = at.toISOString();
  return <time dateTime={precision === "day" ? iso.slice(0, 10) : iso}>{precision === "day" ? DAY.format(at) : `${MINUTE.format(at)} UTC`}</time>;
}
