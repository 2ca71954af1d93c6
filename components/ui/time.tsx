import { format, formatDistanceStrict } from "date-fns";

/** A timestamp shown relative to now, with the exact time on hover. */
export function RelativeTime({ date, now = new Date() }: { date: Date; now?: Date }) {
  return (
    <time dateTime={date.toISOString()} title={format(date, "yyyy-MM-dd HH:mm:ss")}>
      {formatDistanceStrict(date, now, { addSuffix: true })}
    </time>
  );
}
