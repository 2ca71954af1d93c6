import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { StoryAccess } from "@/lib/server/access";
import { CONFIDENTIAL_SOURCE, aliasOf, identityOf, maySeeProtected, publicSourceLabel, sealIdentity, sourceMatches, type StoredSource } from "./protection";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const LENS = "lib/server/sources/protection.ts";
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

describe("the protection lens is the only way to a source's protected fields", () => {
  it("has no other caller of the field crypto: nothing else imports it or names its decrypt function", () => {
    const files = sourceFiles().filter((file) => !file.startsWith(CRYPTO));
    expect(files.length).toBeGreaterThan(100);
    // Spelled in pieces, so that this file does not find itself.
    const decrypt = new RegExp(`\\b${"decrypt"}Field\\b`);
    const crypto = new RegExp(`${"crypto/"}fields["']`);
    const reaching = files.filter((file) => {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      return decrypt.test(text) || crypto.test(text);
    });
    expect(reaching).toEqual([LENS]);
  });
});

describe("protection rule", () => {
  const lead: StoryAccess = { user: { id: "lead", email: "l@x", name: "Lea", role: "editor" }, storyId: "s", role: "lead", isMember: true };
  const contributor: StoryAccess = { ...lead, user: { ...lead.user, id: "contributor" }, role: "contributor" };
  const admin: StoryAccess = { ...lead, user: { ...lead.user, id: "admin", role: "admin" }, isMember: false };
  let secret: StoredSource;
  beforeAll(() => {
    process.env.STORYDESK_ENCRYPTION_KEYS = `t1:${randomBytes(32).toString("base64")}`;
    secret = { id: "src-1", ...sealIdentity("src-1", "confidential", "Dana Deputy", "Ministry"), protection: "confidential", alias: aliasOf(0), loggedById: "reporter" };
  });

  it("lets leads (as members) and whoever logged the source see it; not admins passing by, not a redacted export", () => {
    expect(maySeeProtected(lead, "reporter")).toBe(true);
    expect(maySeeProtected(contributor, "contributor")).toBe(true);
    expect(maySeeProtected(contributor, "reporter")).toBe(false);
    expect(maySeeProtected(admin, "reporter")).toBe(false);
    expect(maySeeProtected({ ...lead, redact: true }, "reporter")).toBe(false);
  });

  it("opens a confidential identity for those who may see it, and shows the alias to everyone else", () => {
    expect(secret.name).not.toContain("Dana");
    expect(identityOf(lead, secret)).toEqual({ displayName: "Dana Deputy", name: "Dana Deputy", affiliation: "Ministry", identityHidden: false, canSeeProtected: true });
    expect(identityOf(contributor, secret)).toEqual({ displayName: "Confidential source A", name: null, affiliation: null, identityHidden: true, canSeeProtected: false });
    expect(publicSourceLabel(secret)).toBe("Confidential source A");
  });

  it("hides a source that is confidential now even where it stood in the clear", () => {
    const then: StoredSource = { ...secret, name: "Dana Deputy", affiliation: "Ministry", protection: "on_record", alias: null };
    expect(identityOf(contributor, then, secret).displayName).toBe("Confidential source A");
    expect(identityOf(lead, then, secret).displayName).toBe("Dana Deputy");
  });

  it("searches a confidential source by its alias only", () => {
    const matches = (q: string) => (value: unknown) => typeof value === "string" && value.toLowerCase().includes(q);
    const snapshot = { name: secret.name, affiliation: secret.affiliation, protection: "confidential", alias: secret.alias };
    expect(sourceMatches(snapshot, matches("source a"))).toBe(true);
    expect(sourceMatches(snapshot, matches("sdenc"))).toBe(false);
    expect(sourceMatches({ ...snapshot, name: "Dana Deputy", protection: "on_record" }, matches("dana"))).toBe(true);
  });

  it("names aliases A–Z, then AA", () => {
    expect([0, 1, 25, 26, 27].map(aliasOf)).toEqual(["A", "B", "Z", "AA", "AB"].map((letters) => `${CONFIDENTIAL_SOURCE} ${letters}`));
  });
});
