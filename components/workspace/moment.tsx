import { dateTimeAttribute, formatApproximate, type TimePrecisionValue } from "@/lib/approximate-date";

/**
 * When something happened, as precisely as it was entered: "2025", "early March 2025",
 * "25–26 Sept 2025", "25 Sept 2025, 14:30 UTC" (a minute, in the reader's zone).
 */
export function Moment({ at, precision, until = null, timeZone = "UTC" }: { at: Date; precision: TimePrecisionValue; until?: Date | null; timeZone?: string }) {
  return <time dateTime={dateTimeAttribute(at, precision)}>{formatApproximate({ at, precision, until }, timeZone)}</time>;
}
