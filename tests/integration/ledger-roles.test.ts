// Issue 12: the app's runtime role (what DATABASE_URL connects as, in production and in these
// tests) cannot get around the ledger. Each attack an insider with the app's own credentials
// would try is refused by the database itself, whatever the app's code does.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyChain } from "@/lib/server/ledger";
import { checkpointHead } from "@/lib/server/ledger/checkpoints";
import { ledgerBypass } from "@/lib/server/ledger/privileges";
import { makeStory, makeUser } from "@/prisma/factories";
import { withAppClient, withRawClient } from "../support/db";
import { runScript } from "../support/run-script";

let storyId: string;
let leadId: string;

beforeAll(async () => {
  const lead = await makeUser({ role: "editor" });
  leadId = lead.id;
  storyId = (await makeStory(lead, { title: "Least privilege" })).id;
  await checkpointHead(storyId, "on_demand", lead.id);
});

/** Runs `sql` as the runtime role, in a transaction that names an actor (as the app's writes do). */
const asApp = (sql: string, params: unknown[] = []) =>
  withAppClient(async (client) => {
    await client.query("BEGIN");
    try {
      await client.query("SELECT set_config('storydesk.actor_id', $1, true)", [leadId]);
      return await client.query(sql, params);
    } finally {
      await client.query("ROLLBACK");
    }
  });

describe("the runtime role", () => {
  it("is not a superuser, owns nothing, and cannot become the owner", async () => {
    await withAppClient(async (client) => {
      const { rows } = await client.query<{ superuser: boolean; owned: number; create_role: boolean }>(`
        SELECT r.rolsuper AS superuser, r.rolcreaterole AS create_role,
               (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) + (SELECT count(*)::int FROM pg_proc p WHERE p.proowner = r.oid) AS owned
          FROM pg_roles r WHERE r.rolname = current_user`);
      expect(rows[0]).toEqual({ superuser: false, owned: 0, create_role: false });
      const owner = (await client.query<{ owner: string }>("SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'revisions'::regclass")).rows[0]!.owner;
      await expect(client.query(`SET ROLE "${owner}"`)).rejects.toThrow(/permission denied to set role/);
      expect(await ledgerBypass(client)).toEqual({ canBypass: false, reasons: [] });
    });
  });

  it("cannot UPDATE, DELETE, TRUNCATE or INSERT revisions, nor touch the chain heads", async () => {
    await expect(asApp(`UPDATE revisions SET reason = 'rewritten' WHERE chain = $1`, [storyId])).rejects.toThrow(/permission denied for table revisions/);
    await expect(asApp(`DELETE FROM revisions WHERE chain = $1`, [storyId])).rejects.toThrow(/permission denied for table revisions/);
    await expect(asApp(`TRUNCATE revisions`)).rejects.toThrow(/permission denied for table revisions/);
    await expect(
      asApp(
        `INSERT INTO revisions (chain, story_id, seq, entity_type, entity_id, action, actor_id, changed_fields, snapshot, created_at, prev_hash, hash)
         VALUES ($1, $2::uuid, 99, 'story', $2::uuid, 'update', $2::uuid, '{}', '{}', now(), 'x', 'y')`,
        [storyId, storyId],
      ),
    ).rejects.toThrow(/permission denied for table revisions/);
    await expect(asApp(`UPDATE revision_chains SET seq = 1 WHERE chain = $1`, [storyId])).rejects.toThrow(/permission denied for table revision_chains/);
    await expect(asApp(`DELETE FROM revision_chains WHERE chain = $1`, [storyId])).rejects.toThrow(/permission denied for table revision_chains/);
    await expect(asApp(`SELECT 1 FROM revision_chains WHERE chain = $1 FOR UPDATE`, [storyId])).rejects.toThrow(/permission denied for table revision_chains/);
  });

  it("cannot ALTER or DISABLE a trigger, drop one, or replace the ledger's functions", async () => {
    await expect(asApp(`ALTER TABLE revisions DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner of table revisions/);
    await expect(asApp(`ALTER TABLE quotes DISABLE TRIGGER quotes_ledger`)).rejects.toThrow(/must be owner of table quotes/);
    await expect(asApp(`DROP TRIGGER stories_ledger ON stories`)).rejects.toThrow(/must be owner of (table|relation) stories/);
    await expect(asApp(`CREATE TRIGGER sneaky BEFORE UPDATE ON stories FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete()`)).rejects.toThrow(/permission denied for table stories/);
    await expect(asApp(`CREATE OR REPLACE FUNCTION ledger_canonical(TEXT, BIGINT, TEXT, UUID, TEXT, UUID, TEXT, TEXT[], JSONB, TIMESTAMPTZ, TEXT) RETURNS TEXT LANGUAGE sql AS $$ SELECT '' $$`)).rejects.toThrow(
      /must be owner of function ledger_canonical|permission denied for schema/,
    );
    await expect(asApp(`ALTER FUNCTION record_revision() SECURITY INVOKER`)).rejects.toThrow(/must be owner of function record_revision/);
  });

  it("cannot set session_replication_role (which would switch every trigger off)", async () => {
    await expect(asApp(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied to set parameter "session_replication_role"/);
    await expect(asApp(`SET LOCAL session_replication_role = replica`)).rejects.toThrow(/permission denied to set parameter "session_replication_role"/);
  });

  it("cannot write a tracked table outside a transaction that names an actor, nor hard-delete or truncate one", async () => {
    await withAppClient(async (client) => {
      await expect(client.query(`UPDATE stories SET title = 'sneaky' WHERE id = $1`, [storyId])).rejects.toThrow(/must name its actor/);
      await expect(client.query(`INSERT INTO users (email, name, password_hash, updated_at) VALUES ('x@y.example', 'X', 'h', now())`)).rejects.toThrow(/must name its actor/);
    });
    await expect(asApp(`DELETE FROM stories WHERE id = $1`, [storyId])).rejects.toThrow(/permission denied for table stories/);
    await expect(asApp(`TRUNCATE quotes`)).rejects.toThrow(/permission denied for table quotes/);
  });

  it("cannot alter or delete signed checkpoints or the sensitive-read log", async () => {
    await expect(asApp(`UPDATE ledger_checkpoints SET seq = 1 WHERE chain = $1`, [storyId])).rejects.toThrow(/permission denied for table ledger_checkpoints/);
    await expect(asApp(`DELETE FROM ledger_checkpoints WHERE chain = $1`, [storyId])).rejects.toThrow(/permission denied for table ledger_checkpoints/);
    await expect(asApp(`TRUNCATE ledger_checkpoints`)).rejects.toThrow(/permission denied for table ledger_checkpoints/);
    await expect(asApp(`DELETE FROM sensitive_reads`)).rejects.toThrow(/permission denied for table sensitive_reads/);
  });

  it("still writes through the ledger: each change a revision, written by the trigger with its owner's rights", async () => {
    const before = await db().revision.count({ where: { chain: storyId } });
    await withAppClient(async (client) => {
      await client.query("BEGIN");
      await client.query("SELECT set_config('storydesk.actor_id', $1, true), ledger_lock_chain($2)", [leadId, storyId]);
      await client.query(`UPDATE stories SET summary = 'written as the runtime role' WHERE id = $1`, [storyId]);
      await client.query("COMMIT");
    });
    expect(await db().revision.count({ where: { chain: storyId } })).toBe(before + 1);
    expect((await verifyChain(storyId)).ok).toBe(true);
    // A trigger function cannot be called directly, even by its owner's grantees.
    await expect(asApp(`SELECT record_revision()`)).rejects.toThrow(/permission denied for function record_revision|trigger functions can only be called as triggers/);
  });

  it("is what the harness's owner is not: the owner could bypass the ledger (hence the checkpoints)", async () => {
    await withRawClient(async (client) => expect((await ledgerBypass(client)).canBypass).toBe(true));
  });

  it("npm run db:roles prints the SQL for an external PostgreSQL, and --apply makes a role that cannot bypass the ledger", async () => {
    const run = async (args: string[]) => {
      const result = await runScript("scripts/db-roles.ts", args);
      return { code: result.code, out: result.all };
    };
    const printed = await run(["--role", "storydesk_reporting"]);
    expect(printed.code).toBe(0);
    expect(printed.out).toMatch(/CREATE ROLE "storydesk_reporting" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT;/);
    expect(printed.out).toContain("GRANT storydesk_runtime TO \"storydesk_reporting\";");
    expect(await withRawClient((client) => client.query("SELECT 1 FROM pg_roles WHERE rolname = 'storydesk_reporting'"))).toMatchObject({ rowCount: 0 });

    const applied = await run(["--role", "storydesk_reporting", "--apply"]);
    expect(applied.out).toContain("Role storydesk_reporting is ready and cannot bypass the ledger.");
    expect(applied.code).toBe(0);
    const url = /^DATABASE_URL=(.+)$/m.exec(applied.out)![1]!;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await ledgerBypass(client)).toEqual({ canBypass: false, reasons: [] });
      await expect(client.query("DELETE FROM revisions")).rejects.toThrow(/permission denied for table revisions/);
    } finally {
      await client.end();
    }

    // Before the first migration: the role is made, and the tables come with the migrations.
    const empty = `empty_${Date.now()}`;
    await withRawClient((admin) => admin.query(`CREATE DATABASE ${empty}`));
    const emptyUrl = new URL(process.env.MIGRATION_DATABASE_URL!);
    emptyUrl.pathname = `/${empty}`;
    const early = await runScript("scripts/db-roles.ts", ["--role", "storydesk_reporting", "--apply"], { MIGRATION_DATABASE_URL: emptyUrl.toString() });
    expect(early.all).toContain("Role storydesk_reporting is ready. The database has no tables yet");
    expect(early.code).toBe(0);
  }, 30_000);
});
