// Raw access to this test file's database, outside the app's helpers: for reading
// raw rows and for proving that writes around the ledger are refused.
import pg from "pg";

export async function withRawClient<T>(work: (client: pg.Client) => Promise<T>, connectionString = process.env.DATABASE_URL): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** As a superuser (the owner itself on the embedded server): to tamper as someone with full database access could. */
export function withSuperuserClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withRawClient(work, process.env.TEST_SUPERUSER_URL ?? process.env.DATABASE_URL);
}
