import { beforeEach, describe, expect, it } from "vitest";
import { isLegacySealed, isSealed, keyVersionOf, openField, openLegacyField, paddedLength, sealField, sealLegacyField } from "./fields";
import { generateKeyEntry, newDataKey } from "./keys";

describe("sealed fields", () => {
  beforeEach(() => {
    process.env.STORYDESK_ENCRYPTION_KEYS = generateKeyEntry("k1");
  });

  it("round-trip with a fresh nonce per value, the key version inside, and no plaintext in the stored form", () => {
    const key = newDataKey();
    const a = sealField(key, 1, "+972 50 000 0000 (Signal)", "source:1:contact");
    const b = sealField(key, 1, "+972 50 000 0000 (Signal)", "source:1:contact");
    expect(a).not.toBe(b);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toContain("972");
    expect(keyVersionOf(a)).toBe(1);
    expect(openField(key, a, "source:1:contact")).toBe("+972 50 000 0000 (Signal)");
  });

  it("refuse a value moved to another source or field, read with another key or version, or tampered with", () => {
    const key = newDataKey();
    const stored = sealField(key, 1, "secret", "source:1:name");
    expect(() => openField(key, stored, "source:2:name")).toThrow();
    expect(() => openField(key, stored, "source:1:affiliation")).toThrow();
    expect(() => openField(newDataKey(), stored, "source:1:name")).toThrow();
    const otherVersion = stored.split(":");
    otherVersion[2] = "2";
    expect(() => openField(key, otherVersion.join(":"), "source:1:name")).toThrow();
    const tampered = stored.split(":");
    tampered[4] = Buffer.from("tampered-tampered-tampered-tampered-tampered-tampered-tampered!!").toString("base64url");
    expect(() => openField(key, tampered.join(":"), "source:1:name")).toThrow();
  });

  it("pad so that a name's length does not show: every short name seals to the same length", () => {
    const key = newDataKey();
    const lengths = ["Al", "Balthazar Vintercroft", "An unusually long name of someone, 40+"].map((name) => sealField(key, 1, name, "c").length);
    expect(new Set(lengths).size).toBe(1);
    expect(paddedLength(0)).toBe(64);
    expect(paddedLength(60)).toBe(64);
    expect(paddedLength(61)).toBe(128);
    // Long notes: Padmé buckets, never shorter than the text, at most ~12% longer.
    for (const length of [1_021, 5_000, 40_000, 99_999]) {
      expect(paddedLength(length)).toBeGreaterThanOrEqual(length + 4);
      expect(paddedLength(length)).toBeLessThan((length + 4) * 1.13);
    }
    expect(openField(key, sealField(key, 1, "x".repeat(5_000), "c"), "c")).toBe("x".repeat(5_000));
  });

  it("still open values sealed with the desk key before issue 13", () => {
    const legacy = sealLegacyField("Dana Deputy", "source:1:name");
    expect(isLegacySealed(legacy)).toBe(true);
    expect(openLegacyField(legacy, "source:1:name")).toBe("Dana Deputy");
    process.env.STORYDESK_ENCRYPTION_KEYS = generateKeyEntry("k2");
    expect(() => openLegacyField(legacy, "source:1:name")).toThrow("no desk key with id k1");
  });
});
