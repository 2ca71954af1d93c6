import { beforeEach, describe, expect, it } from "vitest";
import { deskKeyIdOf, deskKeys, generateKeyEntry, newDataKey, unwrapDataKey, wrapDataKey } from "./keys";

const k1 = generateKeyEntry("k1");
const k2 = generateKeyEntry("k2");

describe("data keys wrapped by the desk key", () => {
  beforeEach(() => {
    process.env.STORYDESK_ENCRYPTION_KEYS = k1;
  });

  it("wrap under the current desk key and unwrap only for their own source and version", () => {
    const key = newDataKey();
    const { deskKeyId, wrapped } = wrapDataKey(key, "source-1", 1);
    expect(deskKeyId).toBe("k1");
    expect(deskKeyIdOf(wrapped)).toBe("k1");
    expect(wrapped).not.toContain(key.toString("base64url"));
    expect(unwrapDataKey(wrapped, "source-1", 1).equals(key)).toBe(true);
    expect(() => unwrapDataKey(wrapped, "source-2", 1)).toThrow();
    expect(() => unwrapDataKey(wrapped, "source-1", 2)).toThrow();
  });

  it("rotate: the first key wraps, every listed key unwraps; without the old key an old wrap is unreadable", () => {
    const key = newDataKey();
    const old = wrapDataKey(key, "s", 1).wrapped;
    process.env.STORYDESK_ENCRYPTION_KEYS = `${k2},${k1}`;
    expect(deskKeys().current.id).toBe("k2");
    const rewrapped = wrapDataKey(unwrapDataKey(old, "s", 1), "s", 1);
    expect(rewrapped.deskKeyId).toBe("k2");
    process.env.STORYDESK_ENCRYPTION_KEYS = k2;
    expect(unwrapDataKey(rewrapped.wrapped, "s", 1).equals(key)).toBe(true);
    expect(() => unwrapDataKey(old, "s", 1)).toThrow("no desk key with id k1");
  });

  it("fail clearly without a key, with a malformed one, or with an id given twice", () => {
    process.env.STORYDESK_ENCRYPTION_KEYS = "";
    expect(() => wrapDataKey(newDataKey(), "s", 1)).toThrow("STORYDESK_ENCRYPTION_KEYS is not set");
    process.env.STORYDESK_ENCRYPTION_KEYS = "k1:short";
    expect(() => deskKeys()).toThrow("32-byte keys");
    process.env.STORYDESK_ENCRYPTION_KEYS = `${k1},${k1}`;
    expect(() => deskKeys()).toThrow("twice");
  });
});
