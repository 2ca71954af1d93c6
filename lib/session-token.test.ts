import { afterEach, describe, expect, it, vi } from "vitest";
import { decode, encode } from "next-auth/jwt";
import { decodeSessionToken, encodeSessionToken } from "./session-token";

const secret = "a-test-secret-of-reasonable-length-0123456789";
const token = { uid: "u1", sv: 2, sid: "s1", name: "Ada" };

describe("session token (next-auth's format, key derived once)", () => {
  it("reads what next-auth wrote, and next-auth reads what it writes", async () => {
    expect(await decodeSessionToken({ token: await encode({ token, secret }), secret })).toMatchObject(token);
    expect(await decode({ token: await encodeSessionToken({ token, secret, maxAge: 60 }), secret })).toMatchObject(token);
  });

  it("refuses a token made with another secret, a tampered one and an expired one", async () => {
    const good = await encodeSessionToken({ token, secret, maxAge: 60 });
    await expect(decodeSessionToken({ token: good, secret: `${secret}x` })).rejects.toThrow();
    await expect(decodeSessionToken({ token: `${good.slice(0, -3)}AAA`, secret })).rejects.toThrow();
    const expired = await encodeSessionToken({ token, secret, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret })).rejects.toThrow();
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });

  it("keeps a salted token apart from the session's", async () => {
    const salted = await encodeSessionToken({ token, secret, salt: "other", maxAge: 60 });
    await expect(decodeSessionToken({ token: salted, secret })).rejects.toThrow();
    expect(await decodeSessionToken({ token: salted, secret, salt: "other" })).toMatchObject(token);
  });
});

describe("session token claims kept until the token expires", () => {
  afterEach(() => vi.useRealTimers());

  it("gives a token's claims again without letting a caller change what the next one gets", async () => {
    const good = await encodeSessionToken({ token, secret, maxAge: 60 });
    const first = await decodeSessionToken({ token: good, secret });
    (first as Record<string, unknown>).uid = "someone-else";
    expect(await decodeSessionToken({ token: good, secret })).toMatchObject(token);
  });

  it("refuses a kept token once it has expired, and with another secret or salt", async () => {
    const good = await encodeSessionToken({ token, secret, maxAge: 60 });
    expect(await decodeSessionToken({ token: good, secret })).toMatchObject(token);
    await expect(decodeSessionToken({ token: good, secret: `${secret}x` })).rejects.toThrow();
    await expect(decodeSessionToken({ token: good, secret, salt: "other" })).rejects.toThrow();
    vi.useFakeTimers({ now: Date.now() + 60_000 + 10_000 });
    expect(await decodeSessionToken({ token: good, secret })).toMatchObject(token); // within the 15 s tolerance, as jose
    vi.setSystemTime(Date.now() + 10_000);
    await expect(decodeSessionToken({ token: good, secret })).rejects.toThrow();
  });

  it("keeps only tokens that decrypted", async () => {
    const good = await encodeSessionToken({ token, secret, maxAge: 60 });
    const tampered = `${good.slice(0, -3)}AAA`;
    await expect(decodeSessionToken({ token: tampered, secret })).rejects.toThrow();
    await expect(decodeSessionToken({ token: tampered, secret })).rejects.toThrow();
  });
});
