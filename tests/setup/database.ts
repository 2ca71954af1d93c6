// Runs before each integration test file: a fresh database cloned from the migrated template.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, inject, vi } from "vitest";

const adminUrl = inject("postgresAdminUrl");
const name = `test_${randomUUID().replaceAll("-", "")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE storydesk_template`);
await admin.end();

const withDatabase = (base: string) => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};
// The app code (lib/db.ts and everything through it) connects as the runtime role; the
// superuser (the owner of every table) is for the harness: tests/support/db.ts.
process.env.DATABASE_URL = withDatabase(inject("postgresAppUrl"));
process.env.MIGRATION_DATABASE_URL = withDatabase(adminUrl);
// A superuser for the tests that tamper as someone with full database access would (on the
// embedded server the owner is one; on a system server with a non-superuser owner it is not).
const superuserUrl = new URL(inject("postgresSuperuserUrl"));
superuserUrl.pathname = `/${name}`;
process.env.TEST_SUPERUSER_URL = superuserUrl.toString();
process.env.NEXTAUTH_SECRET = "test-secret-test-secret-test-secret-0123";
process.env.STORYDESK_ENCRYPTION_KEYS = `k1:${Buffer.alloc(32, 7).toString("base64")}`;
// A fixed checkpoint signing key (a seed of 0x05 bytes): signatures reproduce from run to run.
process.env.STORYDESK_SIGNING_KEY = "PRIVATE+KEY+storydesk.test/desk+81be63ba+AQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUF";

// The framework boundary, not the database: actions run outside a Next request here,
// so the session comes from tests/support/session.ts and cache revalidation is a no-op.
vi.mock("@/lib/session-cookie", async () => {
  const { currentSession } = await import("../support/session");
  return { readSessionToken: async () => currentSession() };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db().$disconnect();
});
