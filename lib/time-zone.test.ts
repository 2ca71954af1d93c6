import { describe, expect, it } from "vitest";
import { dayKey, formatMoment, fromLocalInput, safeTimeZone, toLocalInput } from "./time-zone";

describe("time zones", () => {
  it("falls back to UTC for unknown or hostile zones", () => {
    expect(safeTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(safeTimeZone("Mars/Olympus")).toBe("UTC");
    expect(safeTimeZone("")).toBe("UTC");
    expect(safeTimeZone(undefined)).toBe("UTC");
  });

  it("round-trips a wall-clock time in a zone, across daylight saving", () => {
    for (const zone of ["Europe/Berlin", "America/New_York", "Asia/Jerusalem", "UTC"]) {
      for (const local of ["2026-03-29T18:00", "2026-10-25T18:00", "2026-07-01T00:30", "2026-12-31T23:59"]) {
        const instant = fromLocalInput(local, zone)!;
        expect(toLocalInput(instant, zone)).toBe(local);
      }
    }
    expect(fromLocalInput("2026-07-01T18:00", "Europe/Berlin")!.toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(fromLocalInput("2026-12-01T18:00", "Europe/Berlin")!.toISOString()).toBe("2026-12-01T17:00:00.000Z");
    expect(fromLocalInput("not a time", "UTC")).toBeNull();
  });

  it("groups by the reader's calendar day and shows days as days", () => {
    const lateEvening = new Date("2026-11-23T23:30:00Z");
    expect(dayKey(lateEvening, "UTC")).toBe("2026-11-23");
    expect(dayKey(lateEvening, "Europe/Berlin")).toBe("2026-11-24");
    expect(formatMoment(new Date("2025-09-25T00:00:00Z"), "America/New_York", "day")).toBe("25 Sept 2025");
  });
});
