import { describe, expect, it } from "vitest";
import { cssString, runningCss } from "./pdf-running";

describe("the running header and footer's CSS", () => {
  it("escapes a title so nothing in it ends the string or the style", () => {
    const css = cssString(`a "quoted" \\ title</style><b>; } @page { x`);
    expect(css.slice(1, -1)).not.toMatch(/["<>;{}]/);
    expect(css).toBe(`"a \\22 quoted\\22  \\5c  title\\3c \\2f style\\3e \\3c b\\3e \\3b  \\7d  \\40 page \\7b  x"`);
  });

  it("keeps letters of any script as they are, and sets a right-to-left title right to left in its script's font", () => {
    expect(cssString("שלום עולם 2026")).toBe(`"שלום עולם 2026"`);
    const css = runningCss("שלום עולם", "Internal — confidential");
    expect(css).toMatch(/@top-left \{ content: "שלום עולם"; font-family: "Dossier Hebrew"[^}]*direction: rtl;/);
    expect(css).toMatch(/@top-right \{ content: "Internal \\2014  confidential";/);
    // No footer box: finishPdf stamps "Page X of Y" (pdf-stamp.ts).
    expect(css).not.toMatch(/@bottom|counter\(/);
    expect(runningCss("Harbour", "x")).toMatch(/@top-left \{ content: "Harbour"; font-family: "Dossier Sans"[^}]*direction: ltr;/);
  });
});
