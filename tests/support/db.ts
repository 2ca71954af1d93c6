// Raw access to this test file's database, outside the app's helpers. withRawClient connects as
// the owner of every table (a superuser, as an attacker with full database access would): for
// reading raw rows and for tampering. withAppClient connects as the app's runtime role: for
// proving what the database refuses to the app itself.
import pg from "pg";

async function withClient<T>(connectionString: string | undefined, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function withRawClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(process.env.MIGRATION_DATABASE_URL, work);
}

export function withAppClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(process.env.DATABASE_URL, work);
}

/** As a superuser (the owner itself on the embedded server): to tamper as someone with full database access could. */
export function withSuperuserClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(process.env.TEST_SUPERUSER_URL ?? process.env.MIGRATION_DATABASE_URL, work);
}
