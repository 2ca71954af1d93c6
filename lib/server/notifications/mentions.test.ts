import { describe, expect, it } from "vitest";
import { mentionPrefixAt, splitMentions } from "@/lib/mentions";
import { handleOf, mentionHandles } from "./mentions";

describe("mentionHandles", () => {
  it("finds @handles, lower-cased, once each, in order", () => {
    expect(mentionHandles("@Maya can you check? cc @lina and @maya again")).toEqual(["maya", "lina"]);
  });

  it("allows dots, dashes, underscores and digits, but not a trailing dot or dash", () => {
    expect(mentionHandles("Ask @maya.cohen, @j_doe2 and @ben-ami.")).toEqual(["maya.cohen", "j_doe2", "ben-ami"]);
    expect(mentionHandles("Thanks @maya. And @lina-!")).toEqual(["maya", "lina"]);
  });

  it("starts a mention only at the start of a word: not in e-mail addresses, words or links", () => {
    expect(mentionHandles("Write to maya@storydesk.example or foo@maya")).toEqual([]);
    expect(mentionHandles("see https://social.example/@maya and x.@lina")).toEqual([]);
    expect(mentionHandles("(@maya) “@lina” —@noa\n@ben")).toEqual(["maya", "lina", "noa", "ben"]);
  });

  it("ignores a lone @ and punctuation after it", () => {
    expect(mentionHandles("@ meet at 5 @. @-x @@maya")).toEqual([]);
  });

  it("names a member by the local part of their e-mail", () => {
    expect(handleOf("Maya.Cohen@Storydesk.example")).toBe("maya.cohen");
  });
});

describe("splitMentions and mentionPrefixAt", () => {
  it("cuts text into runs and known mentions only", () => {
    expect(splitMentions("Hi @Maya and @ghost.", new Set(["maya"]))).toEqual([
      { text: "Hi " },
      { text: "@Maya", handle: "maya" },
      { text: " and @ghost." },
    ]);
  });

  it("finds the handle being typed before the caret", () => {
    expect(mentionPrefixAt("ping @Ma", 8)).toEqual({ prefix: "ma", start: 5 });
    expect(mentionPrefixAt("ping @", 6)).toEqual({ prefix: "", start: 5 });
    expect(mentionPrefixAt("mail maya@x", 11)).toBeNull();
    expect(mentionPrefixAt("@maya done", 10)).toBeNull();
  });
});
