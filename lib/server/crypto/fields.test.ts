import { beforeEach, describe, expect, it } from "vitest";
import { decryptField, encryptField, generateKeyEntry, isEncrypted } from "./fields";

const oldKey = generateKeyEntry("k1");
const newKey = generateKeyEntry("k2");

describe("field encryption", () => {
  beforeEach(() => {
    process.env.STORYDESK_ENCRYPTION_KEYS = oldKey;
  });

  it("round-trips with a fresh nonce per value and no plaintext in the stored form", () => {
    const a = encryptField("+972 50 000 0000 (Signal)", "source:1:contact");
    const b = encryptField("+972 50 000 0000 (Signal)", "source:1:contact");
    expect(a).not.toBe(b);
    expect(isEncrypted(a)).toBe(true);
    expect(a).not.toContain("972");
    expect(a.split(":")[2]).toBe("k1");
    expect(decryptField(a, "source:1:contact")).toBe("+972 50 000 0000 (Signal)");
  });

  it("refuses a value moved to another row or field, or tampered with", () => {
    const stored = encryptField("secret", "source:1:contact");
    expect(() => decryptField(stored, "source:2:contact")).toThrow();
    expect(() => decryptField(stored, "source:1:name")).toThrow();
    const parts = stored.split(":");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptField(parts.join(":"), "source:1:contact")).toThrow();
  });

  it("keeps old values readable after a key rotation", () => {
    const before = encryptField("old secret", "ctx");
    process.env.STORYDESK_ENCRYPTION_KEYS = `${newKey},${oldKey}`;
    const after = encryptField("new secret", "ctx");
    expect(after.split(":")[2]).toBe("k2");
    expect(decryptField(before, "ctx")).toBe("old secret");
    expect(decryptField(after, "ctx")).toBe("new secret");
  });

  it("fails clearly without a key", () => {
    process.env.STORYDESK_ENCRYPTION_KEYS = "";
    expect(() => encryptField("x", "ctx")).toThrow("STORYDESK_ENCRYPTION_KEYS is not set");
  });
});
