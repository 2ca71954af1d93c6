import "server-only";
import { db } from "@/lib/db";

// Sign-in throttling that slows guessing without letting anyone lock an owner out.
//
// - Back-off per account (and, for a device that signed in to the account before, per device
//   instead): the first FREE_FAILURES wrong passwords cost nothing; after that each attempt
//   must wait FIRST_DELAY, doubling to MAX_DELAY. A refused attempt checks no password and
//   extends nothing. The owner's known device has its own back-off, which a stranger's
//   guesses never touch — so the right password from it always works.
// - A limit per client address (the socket's, or our proxy's right-most X-Forwarded-For: see
//   client-address.ts), on by default: ADDRESS_LIMIT checked passwords per window. Known
//   devices are not counted against their network.
//
// Both are reserved before the password is checked, by one atomic upsert each, so concurrent
// guesses cannot slip past a limit; a reservation that turns out not to be needed is given back.

export const FREE_FAILURES = 5;
export const FIRST_DELAY_SECONDS = 30;
export const MAX_DELAY_SECONDS = 15 * 60;
export const ADDRESS_LIMIT = 100;
export const ADDRESS_WINDOW_SECONDS = 15 * 60;
/** A failure this old no longer counts towards the back-off. */
const FORGET_AFTER = "1 day";

/** The new failure count of a reservation (the row's, unless the last failure is forgotten). */
const NEXT_FAILURES = `CASE WHEN b.last_failure_at < clock_timestamp() - interval '${FORGET_AFTER}' THEN 1 ELSE b.failures + 1 END`;
const delayFor = (failures: string) =>
  `make_interval(secs => CASE WHEN ${failures} < ${FREE_FAILURES} THEN 0 ELSE least(${MAX_DELAY_SECONDS}, ${FIRST_DELAY_SECONDS} * power(2, ${failures} - ${FREE_FAILURES})) END)`;

// The statement is built from constants only; the key is its one parameter.
const RESERVE_BACKOFF = `
  INSERT INTO sign_in_backoff AS b (key, failures, next_attempt_at, last_failure_at)
  VALUES ($1, 1, clock_timestamp() + ${delayFor("1")}, clock_timestamp())
  ON CONFLICT (key) DO UPDATE SET
    failures = ${NEXT_FAILURES},
    next_attempt_at = clock_timestamp() + ${delayFor(NEXT_FAILURES)},
    last_failure_at = clock_timestamp()
  WHERE b.next_attempt_at <= clock_timestamp()
  RETURNING failures`;

/**
 * Reserves one attempt under a back-off key, counted as a failure until `clearBackoff`.
 * Returns null when the attempt may go ahead, else the seconds left to wait.
 */
export async function reserveBackoff(key: string): Promise<number | null> {
  const reserved = await db().$queryRawUnsafe<{ failures: number }[]>(RESERVE_BACKOFF, key);
  if (reserved.length > 0) return null;
  const [row] = await db().$queryRaw<{ wait: number | null }[]>`
    SELECT ceil(extract(epoch FROM next_attempt_at - clock_timestamp()))::int AS wait FROM sign_in_backoff WHERE key = ${key}`;
  return Math.max(1, row?.wait ?? 1);
}

/** A right password: the key's failures are forgotten. */
export async function clearBackoff(key: string): Promise<void> {
  await db().$executeRaw`DELETE FROM sign_in_backoff WHERE key = ${key}`;
}

/** Takes one of the address's checked attempts for this window; false when none is left. */
export async function takeAddressAttempt(address: string | null): Promise<boolean> {
  const now = Date.now();
  const windowEnd = now + ADDRESS_WINDOW_SECONDS * 1000;
  const taken = await db().$queryRaw<{ points: number }[]>`
    INSERT INTO sign_in_limits AS l (key, points, expire) VALUES (${addressKey(address)}, 1, ${windowEnd})
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN l.expire <= ${now} THEN 1 ELSE l.points + 1 END,
      expire = CASE WHEN l.expire <= ${now} THEN ${windowEnd} ELSE l.expire END
    WHERE l.expire <= ${now} OR l.points < ${ADDRESS_LIMIT}
    RETURNING points`;
  return taken.length > 0;
}

/** Gives an address attempt back (the attempt was refused before a password was checked, or it succeeded). */
export async function returnAddressAttempt(address: string | null): Promise<void> {
  await db().$executeRaw`UPDATE sign_in_limits SET points = greatest(points - 1, 0) WHERE key = ${addressKey(address)}`;
}

const addressKey = (address: string | null) => `address:${address ?? "unknown"}`;
export const accountKey = (email: string) => `account:${email}`;
export const deviceKey = (userId: string, deviceId: string) => `device:${userId}:${deviceId}`;
