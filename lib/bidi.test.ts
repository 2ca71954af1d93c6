import { describe, expect, it } from "vitest";
import { directionOf, directionOfLanguage, isolate, languageOfScript, quoteMarks } from "./bidi";

describe("bidi", () => {
  it("isolates right-to-left words and leaves Latin ones alone", () => {
    expect(isolate("נחן נראה")).toBe("\u2068נחן נראה\u2069");
    expect(isolate("وزارة الصحة")).toBe("\u2068وزارة الصحة\u2069");
    expect(isolate("Brad Smith")).toBe("Brad Smith");
    expect(`${isolate("Brad Smith")}: “${isolate("نحن نراجع")}”`).toBe("Brad Smith: “\u2068نحن نراجع\u2069”");
  });

  it("takes the direction of the first letter, as dir=auto does", () => {
    expect(directionOf("“אנחנו בודקים” said the IDF")).toBe("rtl");
    expect(directionOf("2026: نحن")).toBe("rtl");
    expect(directionOf("The IDF: אנחנו")).toBe("ltr");
    expect(directionOf("12 — “”")).toBeNull();
    expect(directionOfLanguage("he-IL")).toBe("rtl");
    expect(directionOfLanguage("ar")).toBe("rtl");
    expect(directionOfLanguage("en")).toBe("ltr");
  });

  it("tells the language from the script where the script says it", () => {
    expect(languageOfScript("אנחנו בודקים את הדיווח")).toBe("he");
    expect(languageOfScript("نحن نراجع التقارير وسنرد لاحقاً")).toBe("ar");
    expect(languageOfScript("ما این گزارش را بررسی می‌کنیم")).toBe("fa");
    expect(languageOfScript("ہم رپورٹ دیکھ رہے ہیں")).toBe("ur");
    expect(languageOfScript("We are looking into it")).toBeNull();
    expect(languageOfScript("The IDF spokesperson said: אנחנו")).toBeNull();
    expect(languageOfScript("צה״ל: we are looking into it")).toBeNull();
    expect(languageOfScript("")).toBeNull();
  });

  it("gives a quote its own language's marks (CLDR), English's when unknown", () => {
    expect(quoteMarks("ar")).toEqual(["”", "“"]);
    expect(quoteMarks("he-IL")).toEqual(["”", "”"]);
    expect(quoteMarks("fa")).toEqual(["«", "»"]);
    expect(quoteMarks("en")).toEqual(["“", "”"]);
    expect(quoteMarks("")).toEqual(["“", "”"]);
  });
});
