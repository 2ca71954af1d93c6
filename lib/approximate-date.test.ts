import { describe, expect, it } from "vitest";
import { approximateToFormValue, dateTimeAttribute, formatApproximate, parseApproximate, type ApproximateMoment } from "./approximate-date";

const parsed = (value: string) => {
  const result = parseApproximate(value);
  if ("error" in result) throw new Error(result.error);
  return result;
};
const shown = (value: string, timeZone = "UTC") => formatApproximate(parsed(value), timeZone);

describe("approximate dates", () => {
  it("reads every precision, stored as the start of what is known", () => {
    expect(parsed("2025")).toEqual({ at: new Date("2025-01-01T00:00:00Z"), precision: "year", until: null });
    expect(parsed("2025-03")).toEqual({ at: new Date("2025-03-01T00:00:00Z"), precision: "month", until: null });
    expect(parsed("2025-03-early").precision).toBe("early_month");
    expect(parsed("2025-03-mid").at).toEqual(new Date("2025-03-11T00:00:00Z"));
    expect(parsed("2025-03-late").at).toEqual(new Date("2025-03-21T00:00:00Z"));
    expect(parsed("2025-03-12")).toEqual({ at: new Date("2025-03-12T00:00:00Z"), precision: "day", until: null });
    expect(parsed("2025-03-12T14:30:00.000Z")).toEqual({ at: new Date("2025-03-12T14:30:00Z"), precision: "minute", until: null });
    expect(parsed("2025-01/2025-09")).toEqual({ at: new Date("2025-01-01T00:00:00Z"), precision: "month", until: new Date("2025-09-01T00:00:00Z") });
  });

  it("refuses what is not a date, and ranges that do not add up", () => {
    for (const bad of ["", "March", "2025-13", "2025-02-30", "2025-03-sometime", "25/03/2025", "2025/2025/2026"]) expect(parseApproximate(bad)).toHaveProperty("error");
    expect(parseApproximate("2025-03/2025")).toEqual({ error: "A range starts and ends with the same kind of date." });
    expect(parseApproximate("2025-09/2025-01")).toEqual({ error: "A range ends after it starts." });
    expect(parsed("2025-03/2025-03").until).toBeNull();
  });

  it("shows a date as entered, at its precision", () => {
    expect(shown("2025")).toBe("2025");
    expect(shown("2025-03")).toBe("March 2025");
    expect(shown("2025-03-early")).toBe("early March 2025");
    expect(shown("2025-03-late")).toBe("late March 2025");
    expect(shown("2025-03-12")).toMatch(/^12 Mar 2025$/);
    expect(shown("2025-03-12T14:30:00Z")).toMatch(/^12 Mar 2025, 14:30 UTC$/);
    expect(shown("2025-03-12T14:30:00Z", "Asia/Jerusalem")).toMatch(/^12 Mar 2025, 16:30 GMT\+2$/);
  });

  it("shows ranges without repeating what both ends share", () => {
    expect(shown("2023/2025")).toBe("2023–2025");
    expect(shown("2025-01/2025-09")).toBe("January–September 2025");
    expect(shown("2024-11/2025-02")).toBe("November 2024 – February 2025");
    expect(shown("2025-09-25/2025-09-26")).toMatch(/^25–26 Sept? 2025$/);
    expect(shown("2025-09-30/2025-10-02")).toMatch(/^30 Sept? – 2 Oct 2025$/);
    expect(shown("2025-03-early/2025-04-early")).toBe("early March – early April 2025");
  });

  it("writes a stored moment back as the form reads it", () => {
    for (const value of ["2025", "2025-03", "2025-03-mid", "2025-03-12", "2025-03-12T14:30:00.000Z", "2025-01/2025-09", "2025-09-25/2025-09-26"]) {
      const moment: ApproximateMoment = parsed(value);
      expect(approximateToFormValue(moment.at, moment.precision, moment.until)).toBe(value);
    }
    expect(approximateToFormValue(null, "day")).toBe("");
  });

  it("gives <time> a machine-readable start", () => {
    expect(dateTimeAttribute(parsed("2025").at, "year")).toBe("2025");
    expect(dateTimeAttribute(parsed("2025-03-early").at, "early_month")).toBe("2025-03");
    expect(dateTimeAttribute(parsed("2025-03-12").at, "day")).toBe("2025-03-12");
  });
});
