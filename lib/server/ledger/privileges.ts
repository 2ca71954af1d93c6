import type pg from "pg";

// Can the role this connection uses get around the ledger? The app must run as a role that
// cannot (lib/server/ledger/ARCHITECTURE.md, "Who can do what"): /api/health reports it and the
// launcher warns loudly. Read from the catalog for the current role; names no role or host.

export type LedgerBypass = { canBypass: boolean; reasons: string[] };

type Row = {
  superuser: boolean;
  owns_ledger: boolean;
  owns_tracked: boolean;
  writes_revisions: boolean;
  writes_chains: boolean;
  replication_role: boolean;
};

export async function ledgerBypass(client: pg.ClientBase): Promise<LedgerBypass> {
  const version = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  // has_parameter_privilege() exists from PostgreSQL 15; before it only superusers may set the parameter.
  const replicationRole = Number(version.rows[0]?.v) >= 150000 ? "has_parameter_privilege('session_replication_role', 'SET')" : "r.rolsuper";
  const { rows } = await client.query<Row>(`
    SELECT r.rolsuper AS superuser,
           pg_has_role(current_user, l.relowner, 'MEMBER') AS owns_ledger,
           EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class k ON k.oid = t.tgrelid
                    WHERE t.tgfoid = to_regproc('record_revision') AND pg_has_role(current_user, k.relowner, 'MEMBER')) AS owns_tracked,
           has_table_privilege(l.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') AS writes_revisions,
           has_table_privilege(to_regclass('revision_chains'), 'INSERT, UPDATE, DELETE, TRUNCATE') AS writes_chains,
           ${replicationRole} AS replication_role
      FROM pg_roles r, pg_class l
     WHERE r.rolname = current_user AND l.oid = to_regclass('revisions')`);
  const row = rows[0];
  if (!row) return { canBypass: true, reasons: ["the ledger's tables are missing (migrations not applied?)"] };
  const reasons = [
    row.superuser && "it is a superuser",
    (row.owns_ledger || row.owns_tracked) && "it owns the ledger's tables (an owner can switch their triggers off)",
    (row.writes_revisions || row.writes_chains) && "it may write the revisions table directly",
    row.replication_role && "it may set session_replication_role (which switches triggers off)",
  ].filter((reason): reason is string => typeof reason === "string");
  return { canBypass: reasons.length > 0, reasons };
}
