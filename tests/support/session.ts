// The session token the mocked readSessionToken (lib/session-cookie.ts) returns in integration tests.
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/server/access";

type TestSession = { uid: string; sv: number; sid: string };
let session: TestSession | null = null;
const started = new Set<string>();

/** The token of the user acted as; its session row is created on first use, as signing in would. */
export async function currentSession(): Promise<TestSession | null> {
  if (session && !started.has(session.sid)) {
    const { db } = await import("@/lib/db");
    await db().$executeRaw`
      INSERT INTO sessions (id, user_id, device_id, user_agent) VALUES (${session.sid}::uuid, ${session.uid}::uuid, gen_random_uuid(), 'vitest')
      ON CONFLICT (id) DO NOTHING`;
    started.add(session.sid);
  }
  return session;
}

/** Act as this user (with the session version their JWT would carry), or as nobody. Each call is a new sign-in. */
export function actAs(user: (SessionUser & { sessionVersion?: number }) | null, sessionVersion = 1): TestSession | null {
  session = user ? { uid: user.id, sv: user.sessionVersion ?? sessionVersion, sid: randomUUID() } : null;
  return session;
}

/** Act with a token issued earlier (a copy kept from before it was signed out, say). */
export function useToken(token: TestSession | null): void {
  session = token;
}
