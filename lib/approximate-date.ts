import { cachedFormat } from "./time-zone";

// When something happened, as precisely as the desk knows it: a year ("2025"), a month
// ("March 2025"), part of a month ("early March 2025"), a day, a minute — or a range of any of
// them ("January–September 2025"). Stored as the start of the first unit (`at`, what orders
// sort on), its precision, and for a range the start of the last unit (`until`). Pure: the
// forms, the zod schemas, the panels, history and the dossier all read and write it here.

export const TIME_PRECISIONS = ["year", "month", "early_month", "mid_month", "late_month", "day", "minute"] as const;
export type TimePrecisionValue = (typeof TIME_PRECISIONS)[number];

/** The precisions a form offers, as the user reads them. */
export const PRECISION_LABELS: Record<TimePrecisionValue, string> = {
  day: "Day",
  minute: "Day and time",
  month: "Month",
  early_month: "Early in the month",
  mid_month: "Mid-month",
  late_month: "Late in the month",
  year: "Year",
};

export type ApproximateMoment = { at: Date; precision: TimePrecisionValue; until: Date | null };

const PART_DAY = { early_month: 1, mid_month: 11, late_month: 21 } as const;
const PART_WORD = { early_month: "early", mid_month: "mid", late_month: "late" } as const;
type MonthPart = keyof typeof PART_DAY;
const isPart = (precision: TimePrecisionValue): precision is MonthPart => precision in PART_DAY;

const utc = (year: number, month = 1, day = 1) => new Date(Date.UTC(year, month - 1, day));
const valid = (date: Date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;

/** One end of a value: "2025", "2025-03", "2025-03-early", "2025-03-12", or an ISO date-time. */
function parseOne(value: string): { at: Date; precision: TimePrecisionValue } | null {
  let match: RegExpMatchArray | null;
  if ((match = value.match(/^(\d{4})$/))) return { at: utc(Number(match[1])), precision: "year" };
  if ((match = value.match(/^(\d{4})-(\d{2})$/))) {
    const month = Number(match[2]);
    return month >= 1 && month <= 12 ? { at: utc(Number(match[1]), month), precision: "month" } : null;
  }
  if ((match = value.match(/^(\d{4})-(\d{2})-(early|mid|late)$/))) {
    const month = Number(match[2]);
    const precision = `${match[3]}_month` as MonthPart;
    return month >= 1 && month <= 12 ? { at: utc(Number(match[1]), month, PART_DAY[precision]), precision } : null;
  }
  if ((match = value.match(/^(\d{4})-(\d{2})-(\d{2})$/))) {
    const at = utc(Number(match[1]), Number(match[2]), Number(match[3]));
    // 2025-02-30 rolls over: not a day.
    return at.getUTCDate() === Number(match[3]) && at.getUTCMonth() === Number(match[2]) - 1 ? { at, precision: "day" } : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return { at: new Date(value), precision: "minute" };
  return null;
}

/**
 * A value as a form sends it — one end, or two joined by "/" at the same precision, the first
 * not after the second — or why it is not one.
 */
export function parseApproximate(value: string): ApproximateMoment | { error: string } {
  const [first, second, ...rest] = value.trim().split("/");
  const start = parseOne(first ?? "");
  if (!start || !valid(start.at) || rest.length) return { error: "Enter a date: a year, a month, a day (and time), or a range." };
  if (second === undefined || second === "") return { ...start, until: null };
  const end = parseOne(second);
  if (!end || !valid(end.at)) return { error: "Enter where the range ends, or leave it out." };
  if (end.precision !== start.precision) return { error: "A range starts and ends with the same kind of date." };
  if (end.at.getTime() < start.at.getTime()) return { error: "A range ends after it starts." };
  if (end.at.getTime() === start.at.getTime()) return { ...start, until: null };
  return { ...start, until: end.at };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** One end as the form writes it (a minute: ISO in UTC; the form shows it in local time). */
function formOne(at: Date, precision: TimePrecisionValue): string {
  const ym = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}`;
  if (precision === "year") return String(at.getUTCFullYear());
  if (precision === "month") return ym;
  if (isPart(precision)) return `${ym}-${PART_WORD[precision]}`;
  if (precision === "day") return `${ym}-${pad(at.getUTCDate())}`;
  return at.toISOString();
}

/** A stored moment as the form's string (the inverse of parseApproximate). */
export function approximateToFormValue(at: Date | string | null, precision: TimePrecisionValue, until: Date | string | null = null): string {
  if (!at) return "";
  const start = formOne(new Date(at), precision);
  return until ? `${start}/${formOne(new Date(until), precision)}` : start;
}

const MONTH_LONG = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" });
const DAY_MONTH = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
// Made once per zone (issue 16): a panel formats 50 of these.
const MINUTE = (timeZone: string) =>
  cachedFormat(`${timeZone}|approximate-minute`, () =>
    new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone, timeZoneName: "short" }),
  );

/** One end without its year ("early March"), and the year it needs. */
function shortOf(at: Date, precision: TimePrecisionValue): string {
  if (precision === "month") return MONTH_LONG.format(at);
  if (isPart(precision)) return `${PART_WORD[precision]} ${MONTH_LONG.format(at)}`;
  return DAY_MONTH.format(at);
}

/**
 * As entered, at its precision: "2025", "March 2025", "early March 2025", "12 Mar 2025",
 * "12 Mar 2025, 14:30 UTC" (a minute, in `timeZone`); ranges "2023–2025", "January–September
 * 2025", "25–26 Sept 2025", "30 Sept – 2 Oct 2025", "early March – early April 2025".
 */
export function formatApproximate({ at, precision, until }: ApproximateMoment, timeZone = "UTC"): string {
  const year = at.getUTCFullYear();
  if (precision === "minute") {
    const format = MINUTE(timeZone);
    return until ? `${format.format(at)} – ${format.format(until)}` : format.format(at);
  }
  if (precision === "year") return until ? `${year}–${until.getUTCFullYear()}` : String(year);
  if (!until) return precision === "day" ? DAY.format(at) : `${shortOf(at, precision)} ${year}`;
  const endYear = until.getUTCFullYear();
  if (endYear !== year) return `${shortOf(at, precision)} ${year} – ${shortOf(until, precision)} ${endYear}`;
  if (precision === "month") return `${shortOf(at, precision)}–${shortOf(until, precision)} ${year}`;
  if (precision === "day" && at.getUTCMonth() === until.getUTCMonth()) return `${at.getUTCDate()}–${DAY.format(until)}`;
  return `${shortOf(at, precision)} – ${shortOf(until, precision)} ${year}`;
}

/** The machine-readable start for <time dateTime>: "2025", "2025-03", "2025-03-12" or ISO. */
export function dateTimeAttribute(at: Date, precision: TimePrecisionValue): string {
  if (precision === "minute") return at.toISOString();
  if (precision === "year") return String(at.getUTCFullYear());
  const ym = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}`;
  return precision === "day" ? `${ym}-${pad(at.getUTCDate())}` : ym;
}

/** A stored precision (a snapshot's text) as a known one; older rows only have day and minute. */
export const precisionOf = (value: unknown): TimePrecisionValue =>
  TIME_PRECISIONS.includes(value as TimePrecisionValue) ? (value as TimePrecisionValue) : "minute";
