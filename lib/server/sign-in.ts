import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/server/passwords";
import { KNOWN_DEVICE_DAYS, startSession } from "@/lib/server/sessions";
import { isUuid } from "@/lib/validations/common";
import { accountKey, clearBackoff, deviceKey, reserveBackoff, returnAddressAttempt, takeAddressAttempt } from "@/lib/server/sign-in-throttle";

// One sign-in attempt: throttle (sign-in-throttle.ts), check the password, start a session
// (sessions.ts). An unknown e-mail, a wrong password and a disabled account answer alike and
// cost the same (one lookup, one argon2 verification, the same throttles), so no answer or
// timing reveals which accounts exist.

export type SignInAttempt = {
  email: string;
  password: string;
  /** The client's address (client-address.ts), null if unknown. */
  address: string | null;
  /** The device cookie's value, if the browser sent one. */
  deviceId: string | null;
  userAgent: string;
};

export type SignInOutcome =
  | { kind: "signed-in"; user: { id: string; name: string; email: string; sessionVersion: number }; sessionId: string; deviceId: string }
  | { kind: "invalid" }
  | { kind: "throttled"; waitSeconds: number };

type Account = { id: string; name: string; email: string; password_hash: string; session_version: number; disabled: boolean; known_device: boolean };

export async function attemptSignIn(attempt: SignInAttempt): Promise<SignInOutcome> {
  const deviceId = isUuid(attempt.deviceId) ? attempt.deviceId.toLowerCase() : null;
  // One query whether or not the account exists, and whether or not a device cookie came.
  const [account] = await db().$queryRaw<Account[]>`
    SELECT u.id::text, u.name, u.email, u.password_hash, u.session_version, u.disabled_at IS NOT NULL AS disabled,
           EXISTS (SELECT 1 FROM sessions s
                    WHERE s.user_id = u.id AND s.device_id = ${deviceId}::uuid
                      AND s.created_at > now() - make_interval(days => ${KNOWN_DEVICE_DAYS})) AS known_device
      FROM users u WHERE u.email = ${attempt.email}`;
  const knownDevice = Boolean(account?.known_device && deviceId);
  const backoff = knownDevice ? deviceKey(account!.id, deviceId!) : accountKey(attempt.email);

  // A known device is not counted against its network; anyone else takes one of the address's attempts.
  if (!knownDevice && !(await takeAddressAttempt(attempt.address))) return { kind: "throttled", waitSeconds: 15 * 60 };
  const wait = await reserveBackoff(backoff);
  if (wait !== null) {
    if (!knownDevice) await returnAddressAttempt(attempt.address);
    return { kind: "throttled", waitSeconds: wait };
  }

  const valid = await verifyPassword(account?.password_hash ?? null, attempt.password);
  if (!account || !valid || account.disabled) return { kind: "invalid" }; // the reservations stay: a failure

  await clearBackoff(backoff);
  if (!knownDevice) await returnAddressAttempt(attempt.address);
  const device = deviceId ?? randomUUID();
  const sessionId = await startSession({ userId: account.id, deviceId: device, userAgent: attempt.userAgent, address: attempt.address });
  return {
    kind: "signed-in",
    user: { id: account.id, name: account.name, email: account.email, sessionVersion: account.session_version },
    sessionId,
    deviceId: device,
  };
}
