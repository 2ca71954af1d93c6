import { describe, expect, it } from "vitest";
import { z } from "zod";
import { addMemberSchema } from "./member";
import { updateStorySchema } from "./story";
import { createUserSchema } from "./user";

const messages = (result: { success: boolean; error?: z.ZodError }) =>
  result.error ? z.flattenError(result.error).fieldErrors : {};

describe("shared validation schemas", () => {
  it("normalize e-mail addresses to lower case and trim names", () => {
    const parsed = createUserSchema.parse({ email: "  Maya@Newsroom.Example ", name: "  Maya  ", role: "editor", password: "twelve-chars!" });
    expect(parsed).toMatchObject({ email: "maya@newsroom.example", name: "Maya" });
  });

  it("explain what is wrong, field by field", () => {
    expect(messages(createUserSchema.safeParse({ email: "nope", name: "", role: "chief", password: "short" }))).toEqual({
      email: ["Enter a valid e-mail address."],
      name: ["Name is required."],
      role: ["Choose a role."],
      password: ["Use at least 12 characters."],
    });
    expect(messages(addMemberSchema.safeParse({ storyId: "1", email: "a@b.example", role: "lead" }))).toEqual({ storyId: ["Not a valid id."] });
  });

  it("coerce the version a form sends as text", () => {
    const parsed = updateStorySchema.parse({
      storyId: "6f1c2a8e-8d44-4a3b-9c1e-2b7f5d9e0a11",
      version: "4",
      title: "Title",
      summary: "",
      status: "on_hold",
    });
    expect(parsed.version).toBe(4);
  });
});
