import "server-only";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

// Counters live in PostgreSQL (table sign_in_limits), so every app instance shares them.
const WINDOW_SECONDS = 15 * 60;

type Limiters = { perAccount: RateLimiterPostgres; perAddress: RateLimiterPostgres };
const globalForLimits = globalThis as unknown as { storydeskSignInLimits?: Limiters };

function limiters(): Limiters {
  if (!globalForLimits.storydeskSignInLimits) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    const common = { storeClient: pool, tableName: "sign_in_limits", tableCreated: true, duration: WINDOW_SECONDS };
    globalForLimits.storydeskSignInLimits = {
      perAccount: new RateLimiterPostgres({ ...common, keyPrefix: "acct", points: 8 }),
      perAddress: new RateLimiterPostgres({ ...common, keyPrefix: "addr", points: 60 }),
    };
  }
  return globalForLimits.storydeskSignInLimits;
}

/** Counts a failed attempt; returns false once a limit is exceeded. */
export async function recordFailedSignIn(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = limiters();
  await Promise.allSettled([perAccount.consume(`${email}|${address}`), perAddress.consume(address)]);
}

export async function isSignInBlocked(email: string, address: string): Promise<boolean> {
  const { perAccount, perAddress } = limiters();
  const [account, addr] = await Promise.all([perAccount.get(`${email}|${address}`), perAddress.get(address)]);
  const exceeded = (res: RateLimiterRes | null, limit: number) => res !== null && res.consumedPoints >= limit;
  return exceeded(account, 8) || exceeded(addr, 60);
}

export async function clearSignInFailures(email: string, address: string): Promise<void> {
  await limiters().perAccount.delete(`${email}|${address}`);
}
