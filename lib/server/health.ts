import "server-only";
import pg from "pg";
import { ledgerBypass } from "@/lib/server/ledger/privileges";
import { appliedMigrations, listMigrations } from "@/lib/server/migrations";

export type Health = {
  status: "ok" | "degraded" | "down";
  database: "reachable" | "unreachable";
  migrations: { expected: number; applied: number; pending: string[] } | null;
  /** Whether the app's database role could get around the ledger (it must not): see privileges.ts. */
  ledger: { appRoleCanBypass: boolean; reasons: string[] } | null;
};

/** Database reachability and migration state; never throws, never names hosts or users. */
export async function checkHealth(): Promise<Health> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 2000, query_timeout: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    const applied = await appliedMigrations(client);
    const expected = listMigrations();
    const pending = expected.filter((migration) => !applied.has(migration.name)).map((migration) => migration.name);
    const bypass = await ledgerBypass(client);
    return {
      status: pending.length === 0 && !bypass.canBypass ? "ok" : "degraded",
      database: "reachable",
      migrations: { expected: expected.length, applied: expected.length - pending.length, pending },
      ledger: { appRoleCanBypass: bypass.canBypass, reasons: bypass.reasons },
    };
  } catch {
    return { status: "down", database: "unreachable", migrations: null, ledger: null };
  } finally {
    await client.end().catch(() => {});
  }
}
