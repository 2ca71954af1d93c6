import "server-only";
import { cache } from "react";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError } from "@/lib/errors";
import { cookies } from "next/headers";
import { log } from "@/lib/log";
import { clientAddress, isHttps } from "@/lib/server/client-address";
import { activeSessionUser, endSession, sessionUserWith, SESSION_HOURS, type SessionToken } from "@/lib/server/sessions";
import { attemptSignIn } from "@/lib/server/sign-in";
import { signInSchema } from "@/lib/validations/user";
import { decodeSessionToken, encodeSessionToken } from "@/lib/session-token";
import { readSessionToken } from "@/lib/session-cookie";
import type { MemberRole, Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";

export type { SessionUser, StoryAccess };

type RequestHeaders = Record<string, string | string[] | undefined> | undefined;

/** The browser's long-lived device id ("a device that signed in before"), not a secret of the session. */
const DEVICE_COOKIE = "storydesk-device";
const DEVICE_COOKIE_DAYS = 400;

function deviceIdFrom(headers: RequestHeaders): string | null {
  const cookie = headers?.cookie;
  const match = new RegExp(`(?:^|;\\s*)${DEVICE_COOKIE}=([^;]+)`).exec(Array.isArray(cookie) ? cookie.join("; ") : (cookie ?? ""));
  return match?.[1] ?? null;
}

/** Sets the device cookie on the sign-in response. Outside a request (tests, scripts) there is none to set it on. */
async function rememberDevice(deviceId: string, secure: boolean): Promise<void> {
  let jar: Awaited<ReturnType<typeof cookies>>;
  try {
    jar = await cookies();
  } catch {
    return;
  }
  jar.set(DEVICE_COOKIE, deviceId, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: DEVICE_COOKIE_DAYS * 86_400 });
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
  // next-auth's own token format, its key derived once per process (lib/session-token.ts).
  jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const userAgent = req.headers?.["user-agent"];
        const outcome = await attemptSignIn({
          ...parsed.data,
          address: clientAddress(req.headers),
          deviceId: deviceIdFrom(req.headers),
          userAgent: typeof userAgent === "string" ? userAgent : "",
        });
        if (outcome.kind === "throttled") {
          log.warn({ event: "sign_in_throttled", waitSeconds: outcome.waitSeconds }, "sign-in refused by the throttle");
          throw new Error("RateLimited");
        }
        if (outcome.kind === "invalid") {
          log.info({ event: "sign_in_failed" }, "sign-in failed");
          return null;
        }
        await rememberDevice(outcome.deviceId, isHttps(req.headers));
        log.info({ event: "sign_in", userId: outcome.user.id }, "signed in");
        return { ...outcome.user, sessionId: outcome.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        token.sid = (user as { sessionId?: string }).sessionId;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: token.uid, sv: token.sv, sid: token.sid };
    },
  },
  events: {
    // Signing out ends this session on the server too: the token stops working everywhere it was copied.
    async signOut({ token }) {
      if (typeof token?.sid === "string") await endSession(token.sid, "sign_out");
    },
  },
  logger: {
    error: (code) => log.error({ event: "auth_error", code }, "next-auth error"),
    warn: (code) => log.warn({ event: "auth_warning", code }, "next-auth warning"),
    debug: () => {},
  },
};

/** This request's session token's claims (uid, sv, sid), or null: what the session's row is checked against. */
export async function sessionTokenClaims(): Promise<SessionToken | null> {
  const session = await readSessionToken();
  if (!session || typeof session.uid !== "string" || typeof session.sv !== "number" || typeof session.sid !== "string") return null;
  return { userId: session.uid, sessionVersion: session.sv, sessionId: session.sid };
}

// The request's user, once: the first read that checks the session (getSessionUser, or a page's
// first read that checks it with what it reads: sessionUserWith) is every other caller's answer.
// React's cache lives for one server render; in actions and route handlers it does not cache.
const requestUser = cache((): { user?: Promise<SessionUser | null> } => ({}));

/**
 * The signed-in user for this request, or null. The JWT alone is not trusted: its session
 * and account are re-read, so that a session that was ended, a disabled account or a password
 * change (which bumps the session version) signs the user out at once.
 */
export function getSessionUser(): Promise<SessionUser | null> {
  const slot = requestUser();
  return (slot.user ??= sessionTokenClaims().then((token) => (token ? activeSessionUser(token) : null)));
}

/**
 * The signed-in user and `columns` read for them in the same statement (sessionUserWith): the
 * same check as getSessionUser, one round trip fewer for a page's first read. `columns` gets the
 * token's user id, which is `me.id` whenever there is a row (the check matches the session's user
 * to it). The user it finds is this request's (getSessionUser's) unless a check was already under way.
 */
export async function sessionUserAnd<Extra extends Record<string, unknown>>(columns: (userId: string) => Prisma.Sql): Promise<{ user: SessionUser; extra: Extra } | null> {
  const read = sessionTokenClaims().then((token) => (token ? sessionUserWith<Extra>(token, columns(token.userId)) : null));
  const slot = requestUser();
  if (!slot.user) {
    const user = read.then((found) => found?.user ?? null);
    // The caller handles a failed read (a database that is down); a copy nobody asks for must not be an unhandled rejection.
    user.catch(() => {});
    slot.user = user;
  }
  return read;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED");
  return user;
}

/**
 * Authorizes the current user on a story, in the query itself: a story the user is not
 * a member of (and not an admin) is indistinguishable from one that does not exist.
 */
export async function requireStoryRole(storyId: string, minimum: MemberRole = "reader"): Promise<StoryAccess> {
  const user = await requireUser();
  return storyAccessFor(user, storyId, minimum);
}

