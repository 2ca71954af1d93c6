import "server-only";
import pg from "pg";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";

// Failed sign-ins are counted in PostgreSQL (table sign_in_limits), so every app
// instance shares the counters. Per account always; per client address only when
// TRUST_PROXY=1 says the X-Forwarded-For header comes from our own proxy.
const WINDOW_SECONDS = 15 * 60;
const ACCOUNT_LIMIT = 10;
const ADDRESS_LIMIT = 100;

type Limiters = { perAccount: RateLimiterPostgres; perAddress: RateLimiterPostgres };
const globalForLimits = globalThis as unknown as { storydeskSignInLimits?: Limiters };

function limiters(): Limiters {
  if (!globalForLimits.storydeskSignInLimits) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    const common = { storeClient: pool, tableName: "sign_in_limits", tableCreated: true, duration: WINDOW_SECONDS };
    globalForLimits.storydeskSignInLimits = {
      perAccount: new RateLimiterPostgres({ ...common, keyPrefix: "acct", points: ACCOUNT_LIMIT }),
      perAddress: new RateLimiterPostgres({ ...common, keyPrefix: "addr", points: ADDRESS_LIMIT }),
    };
  }
  return globalForLimits.storydeskSignInLimits;
}

export type SignInClient = { email: string; address: string | null };

const exceeded = (res: RateLimiterRes | null, limit: number) => res !== null && res.consumedPoints >= limit;

export async function isSignInBlocked({ email, address }: SignInClient): Promise<boolean> {
  const { perAccount, perAddress } = limiters();
  const [account, addr] = await Promise.all([perAccount.get(email), address ? perAddress.get(address) : null]);
  return exceeded(account, ACCOUNT_LIMIT) || exceeded(addr, ADDRESS_LIMIT);
}

export async function recordFailedSignIn({ email, address }: SignInClient): Promise<void> {
  const { perAccount, perAddress } = limiters();
  // consume() rejects once the limit is passed; the count is what matters here.
  await Promise.allSettled([perAccount.consume(email), address ? perAddress.consume(address) : null]);
}

export async function clearSignInFailures({ email }: SignInClient): Promise<void> {
  await limiters().perAccount.delete(email);
}
