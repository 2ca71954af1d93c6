import { describe, expect, it } from "vitest";
import { AppError, statusOf, toErrorBody } from "./errors";

describe("toErrorBody", () => {
  it("passes an AppError's user message, field errors and latest state through", () => {
    const body = toErrorBody(new AppError("CONFLICT", { latest: { version: 3 } }));
    expect(body).toMatchObject({ ok: false, code: "CONFLICT", latest: { version: 3 } });
    expect(body.message).toMatch(/Someone else changed this/);
    expect(toErrorBody(new AppError("VALIDATION", { fieldErrors: { title: ["Title is required."] } })).fieldErrors).toEqual({ title: ["Title is required."] });
  });

  it("never shows an internal error's text", () => {
    const body = toErrorBody(new Error('duplicate key value violates unique constraint "users_email_key" (secret@example.com)'));
    expect(body).toEqual({ ok: false, code: "INTERNAL", message: expect.stringContaining("Something went wrong") });
    expect(JSON.stringify(body)).not.toContain("secret@example.com");
  });

  it("maps codes to HTTP statuses in one place", () => {
    expect(statusOf(new AppError("NOT_FOUND"))).toBe(404);
    expect(statusOf(new AppError("UNAUTHENTICATED"))).toBe(401);
    expect(statusOf(new AppError("CONFLICT"))).toBe(409);
    expect(statusOf(new TypeError("x"))).toBe(500);
  });
});
