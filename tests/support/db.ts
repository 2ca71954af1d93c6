// Raw access to this test file's database, outside the app's helpers: for reading
// raw rows and for proving that writes around the ledger are refused.
import pg from "pg";

export async function withRawClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
