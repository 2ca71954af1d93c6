import { formatDistanceStrict } from "date-fns";
import { formatMoment } from "@/lib/time-zone";

/** A timestamp shown relative to now, with the exact time (in the reader's zone) on hover. */
export function RelativeTime({ date, now = new Date(), timeZone = "UTC" }: { date: Date; now?: Date; timeZone?: string }) {
  return (
    <time dateTime={date.toISOString()} title={formatMoment(date, timeZone, "second")}>
      {formatDistanceStrict(date, now, { addSuffix: true })}
    </time>
  );
}
