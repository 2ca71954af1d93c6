// npm run db:roles [-- --role <name>] [--apply]
// The app's runtime database role, for an external PostgreSQL (the embedded one gets its roles
// from `npm start`). Prints the SQL that creates it — a role that can read and write the app's
// tables through the ledger and nothing more — with a fresh password, and the DATABASE_URL the
// app should then use. --apply runs that SQL through MIGRATION_DATABASE_URL (a role allowed to
// create roles) instead of printing it. See README → "Database roles".
import pg from "pg";
import { ledgerBypass } from "../lib/server/ledger/privileges";
import { databaseOf, DEFAULT_RUNTIME_ROLE, ensureRuntimeRole, newRolePassword, runtimeRoleSql, urlAs } from "./lib/roles";

const args = process.argv.slice(2);
const apply = args.includes("--apply");
const roleIndex = args.indexOf("--role");
const role = roleIndex >= 0 ? args[roleIndex + 1] : DEFAULT_RUNTIME_ROLE;
const known = new Set(["--apply", "--role", role]);
const unknown = args.find((arg) => !known.has(arg));

async function main(): Promise<number> {
  if (!role || !/^[a-z_][a-z0-9_]{0,62}$/.test(role) || unknown) {
    console.error("db:roles: usage: npm run db:roles [-- --role <lower_case_name>] [--apply]");
    return 2;
  }
  const adminUrl = process.env.MIGRATION_DATABASE_URL;
  const base = adminUrl ?? process.env.DATABASE_URL;
  const password = newRolePassword();
  const database = base ? databaseOf(base) : "storydesk";
  const appUrl = base ? urlAs(base, role, password) : `postgresql://${role}:${password}@<host>:5432/${database}`;
  if (!apply) {
    console.log(`-- Run as a superuser (or a role with CREATEROLE) on the database "${database}", e.g. psql -f <this file>.`);
    console.log(runtimeRoleSql({ role, password, database }));
    console.log(`-- Then start the app with DATABASE_URL=${appUrl}`);
    console.log("-- and run migrations with MIGRATION_DATABASE_URL set to the owner's URL (the role that owns the tables).");
    return 0;
  }
  if (!adminUrl) {
    console.error("db:roles: --apply needs MIGRATION_DATABASE_URL: the URL of a role that may create roles (and owns the tables).");
    return 2;
  }
  await ensureRuntimeRole(adminUrl, { role, password, database });
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    const migrated = await client.query<{ present: boolean }>("SELECT to_regclass('revisions') IS NOT NULL AS present");
    if (!migrated.rows[0]?.present) {
      console.log(`Role ${role} is ready. The database has no tables yet: \`npm start\` (or \`npm run db:migrate\`) with MIGRATION_DATABASE_URL creates them. Then start the app with:`);
      console.log(`DATABASE_URL=${appUrl}`);
      return 0;
    }
    const bypass = await ledgerBypass(client);
    if (bypass.canBypass) {
      console.error(`db:roles: the role ${role} exists but can still bypass the ledger: ${bypass.reasons.join("; ")}.`);
      return 1;
    }
  } finally {
    await client.end();
  }
  console.log(`Role ${role} is ready and cannot bypass the ledger. Start the app with:`);
  console.log(`DATABASE_URL=${appUrl}`);
  return 0;
}

process.exit(await main());
