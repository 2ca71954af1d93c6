// The app's database roles (issue 12). The owner runs migrations and owns every object; the
// app logs in as a runtime role that is a member of `storydesk_runtime` (whose rights the
// migration 20261201100000_i12_runtime_role grants) and holds nothing else. Used by the
// launcher (embedded PostgreSQL), `npm run db:roles` (an external one), the tests and the bench.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The group role the migrations grant to; cluster-wide. */
export const RUNTIME_GROUP = "storydesk_runtime";
/** The login role the app uses unless told otherwise. */
export const DEFAULT_RUNTIME_ROLE = "storydesk_app";

export type RuntimeRole = { role: string; password: string; database: string };

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** A password for a generated role: URL-safe, so it needs no escaping in a connection URL. */
export const newRolePassword = () => randomBytes(24).toString("base64url");

/**
 * The SQL that creates (or updates) the runtime login role: idempotent, to be run by a role
 * allowed to create roles (a superuser or CREATEROLE), before or after the migrations.
 */
export function runtimeRoleSql({ role, password, database }: RuntimeRole): string {
  const attributes = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT";
  return `-- Storydesk: the runtime role the app connects as (DATABASE_URL). It can read and write the
-- app's tables through the ledger, and nothing more: not a superuser, owns nothing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(RUNTIME_GROUP)}) THEN
        CREATE ROLE ${RUNTIME_GROUP} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN
        CREATE ROLE ${quoteIdent(role)} LOGIN ${attributes};
    END IF;
END
$$;
-- Only a superuser may name SUPERUSER, REPLICATION or BYPASSRLS in ALTER ROLE on PostgreSQL 15
-- and older, even to switch them off: the attributes are set only when a role has drifted.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role)}
               AND (rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR NOT rolinherit)) THEN
        ALTER ROLE ${quoteIdent(role)} ${attributes};
    END IF;
END
$$;
ALTER ROLE ${quoteIdent(role)} LOGIN PASSWORD ${quoteLiteral(password)};
GRANT ${RUNTIME_GROUP} TO ${quoteIdent(role)};
GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${quoteIdent(role)};
`;
}

/** Applies runtimeRoleSql through `adminUrl` (a role allowed to create roles). */
export async function ensureRuntimeRole(adminUrl: string, runtime: RuntimeRole): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Two processes creating the role at once would race on CREATE ROLE.
    await client.query("SELECT pg_advisory_lock(724023)");
    await client.query(runtimeRoleSql(runtime));
  } finally {
    await client.query("SELECT pg_advisory_unlock(724023)").catch(() => {});
    await client.end();
  }
}

/** `url` with another user and password (same host, port, database and options). */
export function urlAs(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** The database a connection URL names. */
export const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
