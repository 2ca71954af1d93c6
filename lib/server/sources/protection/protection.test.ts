import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { StoryAccess } from "@/lib/server/access";
import { BURNED_SOURCE, CONFIDENTIAL_SOURCE, aliasOf, burnedLabel, isLead, lowers, maySeeProtected } from "./rule";

const ROOT = path.resolve(import.meta.dirname, "../../../..");
const LENS = "lib/server/sources/protection/";
const CRYPTO = "lib/server/crypto/";

/** Every source file of the app, its scripts, seed and tests (not dependencies, builds or generated code). */
function sourceFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || ["node_modules", "generated"].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) ? [path.relative(ROOT, full)] : [];
  });
}

const reaching = (files: string[], pattern: RegExp) => files.filter((file) => pattern.test(readFileSync(path.join(ROOT, file), "utf8")));

describe("the protection lens is the only way to a source's identity", () => {
  const files = sourceFiles().filter((file) => !file.startsWith(CRYPTO));

  it("has no other caller of the field crypto: nothing else imports it or names its functions", () => {
    expect(files.length).toBeGreaterThan(100);
    // Spelled in pieces, so that this file does not find itself.
    const fields = new RegExp(`${"crypto/"}fields["']|\\b(open|seal)(Legacy)?${"Field"}\\b`);
    expect(reaching(files, fields).filter((file) => !file.startsWith(LENS))).toEqual([]);
    expect(reaching(files, fields).filter((file) => file.startsWith(LENS)).length).toBeGreaterThan(0);
  });

  it("is the only code that unwraps a data key (key rotation, inside crypto/, re-wraps without opening any field)", () => {
    const unwrap = new RegExp(`\\b${"unwrap"}DataKey\\b`);
    expect(reaching(files, unwrap).every((file) => file.startsWith(LENS))).toBe(true);
  });

  it("is the only code that derives search tokens of a name (the keyed blind index)", () => {
    const tokens = new RegExp(`${"crypto/"}blind-index["']|\\bblind${"Tokens"}\\b`);
    expect(reaching(files, tokens).filter((file) => !file.startsWith(LENS))).toEqual([]);
    expect(reaching(files, tokens).filter((file) => file.startsWith(LENS)).length).toBeGreaterThan(0);
  });
});

describe("the protection rule", () => {
  const lead: StoryAccess = { user: { id: "lead", email: "l@x", name: "Lea", role: "editor" }, storyId: "s", role: "lead", isMember: true };
  const contributor: StoryAccess = { ...lead, user: { ...lead.user, id: "contributor" }, role: "contributor" };
  const admin: StoryAccess = { ...lead, user: { ...lead.user, id: "admin", role: "admin" }, isMember: false };

  it("lets leads (as members) and whoever logged the source see it; not admins passing by, not a redacted export", () => {
    expect(maySeeProtected(lead, "reporter")).toBe(true);
    expect(maySeeProtected(contributor, "contributor")).toBe(true);
    expect(maySeeProtected(contributor, "reporter")).toBe(false);
    expect(maySeeProtected(admin, "reporter")).toBe(false);
    expect(maySeeProtected({ ...lead, redact: true }, "reporter")).toBe(false);
  });

  it("gives burning and lowering to the story's leads as members only", () => {
    expect([lead, contributor, admin].map(isLead)).toEqual([true, false, false]);
  });

  it("orders protection levels from on the record to confidential", () => {
    expect(lowers("confidential", "off_record")).toBe(true);
    expect(lowers("background", "on_record")).toBe(true);
    expect(lowers("on_record", "confidential")).toBe(false);
    expect(lowers("deep_background", "deep_background")).toBe(false);
  });

  it("names aliases A–Z, then AA, and a burned source with when and by whom", () => {
    expect([0, 1, 25, 26, 27].map(aliasOf)).toEqual(["A", "B", "Z", "AA", "AB"].map((letters) => `${CONFIDENTIAL_SOURCE} ${letters}`));
    expect(burnedLabel({ at: new Date("2026-12-03T10:00:00Z"), by: "Maya Cohen" })).toBe(`${BURNED_SOURCE} (identity destroyed on 3 December 2026 by Maya Cohen)`);
    expect(burnedLabel({ at: null, by: null })).toBe(`${BURNED_SOURCE} (identity destroyed)`);
  });
});
