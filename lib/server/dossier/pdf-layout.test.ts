import { describe, expect, it } from "vitest";
import { printOnly } from "./pdf-layout";

describe("printOnly", () => {
  it("hides the body on screen only, in the document's head", () => {
    const html = `<!doctype html><html><head><title>x</title></head><body><p>Text</p></body></html>`;
    expect(printOnly(html)).toBe(`<!doctype html><html><head><title>x</title><style>@media screen { body { display: none !important; } }</style></head><body><p>Text</p></body></html>`);
  });

  it("leaves a document without a head as it is (a style before its doctype would change its mode)", () => {
    expect(printOnly("<!doctype html><p>Text</p>")).toBe("<!doctype html><p>Text</p>");
  });
});
