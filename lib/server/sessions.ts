import "server-only";
import Bowser from "bowser";
import { db, rawRows } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type SessionEndReason, type UserRole } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/access";
import { isUuid } from "@/lib/validations/common";

// Sessions that end. Each sign-in is a row; the session token (a JWT) carries its id, and every
// request re-reads the row with the account: a session that was ended (sign-out, "sign out
// everywhere", an admin), went idle for SESSION_HOURS, or whose account was disabled or had its
// password reset, is refused at once — a token copied before is worth nothing after.

/** Matches the token's own lifetime (authOptions.session.maxAge). */
export const SESSION_HOURS = 12;
/** last_seen_at is written at most this often per session (not on every request). */
const TOUCH_EVERY = "1 minute";
/** A device that signed in to an account within this time is a known device. */
export const KNOWN_DEVICE_DAYS = 180;

export async function startSession(input: { userId: string; deviceId: string; userAgent: string; address: string | null }): Promise<string> {
  const session = await db().session.create({
    data: { userId: input.userId, deviceId: input.deviceId, userAgent: input.userAgent.slice(0, 400), address: input.address },
    select: { id: true },
  });
  return session.id;
}

export type SessionToken = { userId: string; sessionVersion: number; sessionId: string };

/**
 * The check of a session, as the first CTEs of a statement: `me` is its account (one row) if the
 * session is live — not ended, not idle past SESSION_HOURS, its account not disabled and its
 * session version current — else no row; `touch` notes that it was seen (at most once a minute).
 */
function sessionCtes(token: SessionToken): Prisma.Sql {
  return Prisma.sql`
    me AS (
      SELECT u.id, u.email, u.name, u.role
        FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ${token.sessionId}::uuid AND s.user_id = ${token.userId}::uuid
         AND s.ended_at IS NULL AND s.last_seen_at > now() - make_interval(hours => ${SESSION_HOURS})
         AND u.session_version = ${token.sessionVersion} AND u.disabled_at IS NULL),
    touch AS (
      UPDATE sessions SET last_seen_at = now()
       WHERE id = ${token.sessionId}::uuid AND last_seen_at < now() - ${TOUCH_EVERY}::interval AND EXISTS (SELECT 1 FROM me))`;
}

/** The account of a live session, or null; notes that the session was seen (at most once a minute). */
export async function activeSessionUser(token: SessionToken): Promise<SessionUser | null> {
  return (await sessionUserWith<Record<string, never>>(token, null))?.user ?? null;
}

/**
 * The account of a live session and, in the same statement, `columns` read for it: a page's first
 * read (the desk's header, a story's access check) rides on the session's check instead of waiting
 * for it (one round trip fewer on every page; docs/benchmarks.md, "The session's check with the
 * page's first read"). The columns are selected FROM `me` — the account the session check found,
 * as `me.id` and `me.role` — so they are read only for a live session, and for its account: with
 * no live session there is no row, and null. Each column must be scoped as its own read scopes it.
 */
export async function sessionUserWith<Extra extends Record<string, unknown>>(token: SessionToken, columns: Prisma.Sql | null): Promise<{ user: SessionUser; extra: Extra } | null> {
  if (!isUuid(token.userId) || !isUuid(token.sessionId)) return null;
  // Every request reads it: straight on the pool (lib/db.ts, rawRows).
  const rows = await rawRows<{ id: string; email: string; name: string; role: UserRole } & Extra>(Prisma.sql`
    WITH ${sessionCtes(token)}
    SELECT me.id::text AS id, me.email, me.name, me.role${columns ? Prisma.sql`, ${columns}` : Prisma.empty} FROM me`);
  const row = rows[0];
  if (!row) return null;
  const { id, email, name, role, ...extra } = row;
  return { user: { id, email, name, role, sessionId: token.sessionId }, extra: extra as unknown as Extra };
}

export async function endSession(sessionId: string, reason: SessionEndReason): Promise<void> {
  if (!isUuid(sessionId)) return;
  await db().session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date(), endReason: reason } });
}

export type SessionView = {
  id: string;
  device: string;
  address: string | null;
  signedInAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

export type UserSessions = { user: { id: string; name: string; email: string; role: UserRole }; sessions: SessionView[] };

/** "Firefox 128 on Linux"; the raw user agent is never shown. */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return "Unknown device";
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ") || "Unknown browser";
  const os = parsed.os.name;
  return os ? `${browser} on ${os}` : browser;
}

const liveSessions = () => ({ endedAt: null, lastSeenAt: { gt: new Date(Date.now() - SESSION_HOURS * 3600_000) } });

function present(row: { id: string; userAgent: string; address: string | null; createdAt: Date; lastSeenAt: Date }, currentId?: string): SessionView {
  return { id: row.id, device: describeDevice(row.userAgent), address: row.address, signedInAt: row.createdAt, lastSeenAt: row.lastSeenAt, current: row.id === currentId };
}

const sessionFields = { id: true, userAgent: true, address: true, createdAt: true, lastSeenAt: true } as const;

/** My live sessions, this one first. */
export async function listMySessions(user: SessionUser): Promise<SessionView[]> {
  const rows = await db().session.findMany({ where: { userId: user.id, ...liveSessions() }, select: sessionFields, orderBy: { lastSeenAt: "desc" } });
  return rows.map((row) => present(row, user.sessionId)).sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of my sessions (another browser), or all of them ("sign out everywhere"). */
export async function endMySessions(user: SessionUser, sessionId?: string): Promise<{ ended: number }> {
  const where = { userId: user.id, endedAt: null, ...(sessionId ? { id: sessionId } : {}) };
  const { count } = await db().session.updateMany({ where, data: { endedAt: new Date(), endReason: sessionId ? "sign_out" : "everywhere" } });
  if (sessionId && count === 0) throw new AppError("NOT_FOUND");
  return { ended: count };
}

function assertAdmin(actor: SessionUser): void {
  if (actor.role !== "admin") throw new AppError("FORBIDDEN");
}

/** Admin: every account's live sessions (accounts without one are left out). */
export async function listActiveSessions(actor: SessionUser): Promise<UserSessions[]> {
  assertAdmin(actor);
  const rows = await db().session.findMany({
    where: liveSessions(),
    select: { ...sessionFields, user: { select: { id: true, name: true, email: true, role: true } } },
    orderBy: [{ user: { name: "asc" } }, { lastSeenAt: "desc" }],
  });
  const byUser = new Map<string, UserSessions>();
  for (const row of rows) {
    const entry = byUser.get(row.user.id) ?? { user: row.user, sessions: [] };
    entry.sessions.push(present(row, actor.sessionId));
    byUser.set(row.user.id, entry);
  }
  return [...byUser.values()];
}

/** Admin: ends one session, or every session of one account. */
export async function endSessionsAsAdmin(actor: SessionUser, target: { sessionId?: string; userId?: string }): Promise<{ ended: number }> {
  assertAdmin(actor);
  if (!target.sessionId && !target.userId) throw new AppError("VALIDATION", { message: "Name a session or an account." });
  const where = { endedAt: null, ...(target.sessionId ? { id: target.sessionId } : {}), ...(target.userId ? { userId: target.userId } : {}) };
  const { count } = await db().session.updateMany({ where, data: { endedAt: new Date(), endReason: "admin" } });
  if (target.sessionId && count === 0) throw new AppError("NOT_FOUND");
  return { ended: count };
}
