// The raw request of a server action, checked in proxy.ts before Next.js decodes it. Next
// answers a body it cannot decode (too large, not JSON, nested deeper than its decoder's stack,
// multipart with nothing in it, a reference to a part that does not exist) with HTTP 500. Our
// clients only ever send what React's encodeReply makes of plain objects: a text/plain JSON
// array whose strings starting with "$" are its escapes for values JSON lacks. Anything else is
// a malformed request, answered 4xx here, before anything runs.
import { INPUT_PROBLEM_MESSAGES, MAX_ACTION_BODY_BYTES, MAX_INPUT_DEPTH, MAX_INPUT_VALUES, jsonDepth } from "@/lib/validations/input-limits";
import { ERROR_CODES, type ErrorCode } from "@/lib/errors";

export type ActionRequestRefusal = { status: number; code: ErrorCode; message: string };

/** React's reply escapes for plain values: "$$…" (a string starting with $), undefined, dates, bigints, ±Infinity, NaN, -0. */
const PLAIN_ESCAPE = /^\$(\$|undefined$|D|n-?\d+$|Infinity$|-Infinity$|NaN$|-0$)/;

const refuse = (code: ErrorCode, message?: string): ActionRequestRefusal => ({ status: ERROR_CODES[code].status, code, message: message ?? ERROR_CODES[code].message });

function plainValues(value: unknown): boolean {
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const next = stack.pop();
    if (++count > MAX_INPUT_VALUES) return false;
    if (typeof next === "string") {
      if (next.startsWith("$") && !PLAIN_ESCAPE.test(next)) return false;
    } else if (Array.isArray(next)) stack.push(...next);
    else if (typeof next === "object" && next !== null) stack.push(...Object.values(next));
  }
  return true;
}

/** Null when the action request may go on to Next; otherwise why it is refused. */
export async function checkActionRequest(request: Request): Promise<ActionRequestRefusal | null> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_ACTION_BODY_BYTES) return refuse("TOO_LARGE", INPUT_PROBLEM_MESSAGES.size);
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "text/plain") return refuse("BAD_REQUEST");
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_ACTION_BODY_BYTES) return refuse("TOO_LARGE", INPUT_PROBLEM_MESSAGES.size);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refuse("BAD_REQUEST", INPUT_PROBLEM_MESSAGES.encoding);
  }
  if (jsonDepth(text) > MAX_INPUT_DEPTH) return refuse("BAD_REQUEST", INPUT_PROBLEM_MESSAGES.depth);
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return refuse("BAD_REQUEST");
  }
  if (!Array.isArray(args) || !plainValues(args)) return refuse("BAD_REQUEST");
  return null;
}
