import { AppError } from "@/lib/errors";

// Limits on what any request may carry, checked before any schema sees it (proxy.ts for the
// raw body of a server action, defineAction for the decoded input). Each entity's schema then
// sets its own field limits (rich text: lib/rich-text.ts). Documented in docs/operations.md ("Request limits").

/** A server action's request body (Next's serverActions.bodySizeLimit is set to the same). */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
/** Arrays and objects inside one another. Rich text, the deepest input, stops at 32 levels. */
export const MAX_INPUT_DEPTH = 64;
/** Values (strings, numbers, array items, object fields) in one input. */
export const MAX_INPUT_VALUES = 50_000;

export type InputProblem = "depth" | "size" | "encoding";

export const INPUT_PROBLEM_MESSAGES: Record<InputProblem, string> = {
  depth: "That input is nested too deeply to be read.",
  size: "That is too much to send at once. Shorten the text and try again.",
  encoding: "The text contains characters that cannot be stored (a NUL character or broken Unicode). Remove them and try again.",
};

/** NUL cannot be stored in PostgreSQL text; a lone surrogate would be silently replaced. */
const storable = (text: string) => !text.includes("\u0000") && text.isWellFormed();

/** The first problem of a decoded input (walked without recursion, so depth cannot blow the stack), or null. */
export function inputProblem(input: unknown): InputProblem | null {
  const stack: { value: unknown; depth: number }[] = [{ value: input, depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++values > MAX_INPUT_VALUES) return "size";
    if (typeof value === "string") {
      if (!storable(value)) return "encoding";
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return "depth";
    const entries = Array.isArray(value) ? value : Object.entries(value).flat();
    for (const child of entries) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}

export function assertReadableInput(input: unknown): void {
  const problem = inputProblem(input);
  if (problem) throw new AppError(problem === "size" ? "TOO_LARGE" : "VALIDATION", { message: INPUT_PROBLEM_MESSAGES[problem] });
}

/** How deeply JSON text nests, counted on the text (before parsing it), up to `limit` + 1. */
export function jsonDepth(text: string, limit = MAX_INPUT_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 92 /* \ */) i++;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 91 /* [ */ || char === 123 /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 93 /* ] */ || char === 125 /* } */) depth--;
  }
  return deepest;
}
