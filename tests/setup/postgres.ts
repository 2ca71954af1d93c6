// Integration tests: one embedded PostgreSQL per run in a temporary directory (never the
// dev data), with a migrated template database; each test file clones its own copy.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrate } from "../../lib/server/migrations";
import { DEFAULT_RUNTIME_ROLE, ensureRuntimeRole, urlAs } from "../../scripts/lib/roles";
import { startSystemPostgres } from "./system-postgres";

export const TEMPLATE_DB = "storydesk_template";
/** The runtime role's password in the throwaway test clusters. */
const APP_PASSWORD = "storydesk-test-app";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** The same server as the app's runtime role (not a superuser, owns nothing): what the app code uses. */
    postgresAppUrl: string;
    /** The same server as a superuser: for tests that tamper as someone with full database access. */
    postgresSuperuserUrl: string;
  }
}

/**
 * The embedded PostgreSQL (the desk's own, 18), or — when STORYDESK_TEST_POSTGRES_BIN names
 * another installation's binaries (.ci/run: Debian's 15) — that server, with a non-superuser owner.
 */
export async function startTestPostgres(label: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `storydesk-${label}-`));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
  // Durability is irrelevant for a throwaway test cluster.
  const flags = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"];
  const systemBin = process.env.STORYDESK_TEST_POSTGRES_BIN;
  const server = systemBin
    ? await startSystemPostgres(systemBin, path.join(dir, "pg"), flags)
    : await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), flags }).then((embedded) => ({ ...embedded, superuserUrl: embedded.url }));
  if (systemBin && "version" in server) console.log(`Integration tests on PostgreSQL ${server.version} from ${systemBin}, as a non-superuser owner.`);
  try {
    const admin = new pg.Client({ connectionString: server.url("postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    await migrate(server.url(TEMPLATE_DB));
    // The app runs as the runtime role, as in production; the superuser is the tests' harness
    // (cloning databases, reading raw rows, tampering as a database owner would).
    await ensureRuntimeRole(server.url("postgres"), { role: DEFAULT_RUNTIME_ROLE, password: APP_PASSWORD, database: TEMPLATE_DB });
  } catch (error) {
    // A server left running would keep the test process from exiting.
    await server.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    appUrl: (database: string) => urlAs(server.url(database), DEFAULT_RUNTIME_ROLE, APP_PASSWORD),
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  const { server, appUrl, stop } = await startTestPostgres("integration");
  project.provide("postgresAdminUrl", server.url("postgres"));
  project.provide("postgresAppUrl", appUrl("postgres"));
  project.provide("postgresSuperuserUrl", server.superuserUrl("postgres"));
  return stop;
}
