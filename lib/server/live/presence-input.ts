import "server-only";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/access";
import { assertSameOrigin } from "@/lib/server/request-body";
import { parseInput } from "@/lib/validations/parse";
import { presenceSchema } from "@/lib/validations/live";
import { heartbeat, leaveTab } from "./presence";

const MAX_BYTES = 2048;

/**
 * A tab's presence message: a heartbeat with where it is and what it is editing, or its last
 * words (a beacon as the tab closes). It changes only the user's own tab row.
 */
export async function updatePresence(user: SessionUser, request: Request): Promise<{ known: boolean }> {
  assertSameOrigin(request);
  const text = await request.text();
  if (text.length > MAX_BYTES) throw new AppError("TOO_LARGE");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST");
  }
  const input = parseInput(presenceSchema, body);
  if (input.leave) {
    await leaveTab(user.id, input.tabId);
    return { known: false };
  }
  return { known: await heartbeat(user.id, input) };
}
