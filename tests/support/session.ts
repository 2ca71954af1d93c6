// The session the mocked getServerSession returns in integration tests.
import type { SessionUser } from "@/lib/server/access";

let session: { uid: string; sv: number } | null = null;

export function currentSession() {
  return session;
}

/** Act as this user (with the session version their JWT would carry), or as nobody. */
export function actAs(user: (SessionUser & { sessionVersion?: number }) | null, sessionVersion = 1): void {
  session = user ? { uid: user.id, sv: user.sessionVersion ?? sessionVersion } : null;
}
