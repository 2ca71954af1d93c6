import "server-only";
import { cache } from "react";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { verifyPassword } from "@/lib/server/passwords";
import { clearSignInFailures, isSignInBlocked, recordFailedSignIn } from "@/lib/server/sign-in-limits";
import { signInSchema } from "@/lib/validations/user";
import type { MemberRole } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";

export type { SessionUser, StoryAccess };

/** The client address, only when a trusted proxy in front of us sets X-Forwarded-For. */
function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string | null {
  if (process.env.TRUST_PROXY !== "1") return null;
  const forwarded = headers?.["x-forwarded-for"];
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || null;
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const client = { email, address: clientAddress(req.headers) };
        if (await isSignInBlocked(client)) {
          log.warn({ event: "sign_in_rate_limited" }, "sign-in refused by rate limit");
          throw new Error("RateLimited");
        }
        const user = await db().user.findUnique({ where: { email } });
        const valid = await verifyPassword(user?.passwordHash ?? null, password);
        if (!user || !valid || user.disabledAt) {
          await recordFailedSignIn(client);
          log.info({ event: "sign_in_failed" }, "sign-in failed");
          return null;
        }
        await clearSignInFailures(client);
        log.info({ event: "sign_in", userId: user.id }, "signed in");
        return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: token.uid, sv: token.sv };
    },
  },
  logger: {
    error: (code) => log.error({ event: "auth_error", code }, "next-auth error"),
    warn: (code) => log.warn({ event: "auth_warning", code }, "next-auth warning"),
    debug: () => {},
  },
};

/**
 * The signed-in user for this request, or null. The JWT alone is not trusted: the
 * account is re-read so that a disabled account or a password change (which bumps
 * the session version) signs the user out at once.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions)) as { uid?: unknown; sv?: unknown } | null;
  if (!session || typeof session.uid !== "string" || typeof session.sv !== "number") return null;
  const user = await db().user.findFirst({
    where: { id: session.uid, sessionVersion: session.sv, disabledAt: null },
    select: { id: true, email: true, name: true, role: true },
  });
  return user;
});

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

