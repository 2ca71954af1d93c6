-- Approximate dates (issue 15): a timeline event or a quote can be dated to a year, a month or
-- part of one ("early March"), and a range of them. The moment column keeps the start (what
-- the panels sort on); the new column, the start of the range's last unit. Old rows keep day
-- or minute precision and no range.
ALTER TYPE "TimePrecision" ADD VALUE IF NOT EXISTS 'year' BEFORE 'day';
ALTER TYPE "TimePrecision" ADD VALUE IF NOT EXISTS 'month' BEFORE 'day';
ALTER TYPE "TimePrecision" ADD VALUE IF NOT EXISTS 'early_month' BEFORE 'day';
ALTER TYPE "TimePrecision" ADD VALUE IF NOT EXISTS 'mid_month' BEFORE 'day';
ALTER TYPE "TimePrecision" ADD VALUE IF NOT EXISTS 'late_month' BEFORE 'day';

ALTER TABLE "quotes" ADD COLUMN "said_until" TIMESTAMPTZ(6);
ALTER TABLE "timeline_events" ADD COLUMN "occurred_until" TIMESTAMPTZ(6);
