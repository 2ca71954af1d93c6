import { describe, expect, it } from "vitest";
import { authOptions, getSessionUser } from "@/lib/auth";
import { db } from "@/lib/db";
import { resetPassword, setUserDisabled } from "@/lib/server/users";
import { makeUser } from "@/prisma/factories";
import { actAs } from "../support/session";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
const authorize = (email: string, password: string) => provider.options.authorize({ email, password }, { headers: {} });

describe("sign-in", () => {
  it("accepts the right password, case-insensitively on the e-mail, and stores only an argon2id hash", async () => {
    const user = await makeUser({ email: "Reporter.One@Storydesk.example", password: "correct horse battery" });
    expect(user.email).toBe("reporter.one@storydesk.example");
    expect(await authorize("REPORTER.ONE@storydesk.example", "correct horse battery")).toMatchObject({ id: user.id, sessionVersion: 1 });
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("answers an unknown e-mail, a wrong password and a disabled account the same way", async () => {
    const user = await makeUser({ password: "correct horse battery" });
    const admin = await makeUser({ role: "admin" });
    expect(await authorize("nobody@storydesk.example", "correct horse battery")).toBeNull();
    expect(await authorize(user.email, "wrong password")).toBeNull();
    await setUserDisabled(admin, { userId: user.id, disabled: true });
    expect(await authorize(user.email, "correct horse battery")).toBeNull();
  });

  it("is rate-limited per account, whatever the password", async () => {
    const user = await makeUser({ password: "correct horse battery" });
    for (let i = 0; i < 10; i++) expect(await authorize(user.email, `guess ${i}`)).toBeNull();
    await expect(authorize(user.email, "correct horse battery")).rejects.toThrow("RateLimited");
    // An unknown account is limited the same way, so the limit reveals nothing either.
    for (let i = 0; i < 10; i++) await authorize("ghost@storydesk.example", `guess ${i}`);
    await expect(authorize("ghost@storydesk.example", "x")).rejects.toThrow("RateLimited");
  });
});

describe("the session", () => {
  it("is re-checked against the account on every request", async () => {
    const user = await makeUser({ password: "correct horse battery" });
    const admin = await makeUser({ role: "admin" });
    actAs(user);
    expect(await getSessionUser()).toMatchObject({ id: user.id, role: "reporter" });

    await resetPassword(admin, { userId: user.id, password: "a brand new password" });
    expect(await getSessionUser()).toBeNull(); // old JWT, old session version
    actAs(user, 2);
    expect(await getSessionUser()).toMatchObject({ id: user.id });

    await setUserDisabled(admin, { userId: user.id, disabled: true });
    actAs(user, 3);
    expect(await getSessionUser()).toBeNull(); // disabled, even with a current version
    actAs(null);
    expect(await getSessionUser()).toBeNull();
  });
});
