// The launcher's failure modes each end in one clear line, and the embedded PostgreSQL
// recovers from a crashed run's lock.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LauncherError, freePort, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";
import { listMigrations, migrate, MigrationError } from "@/lib/server/migrations";
import { checkHealth } from "@/lib/server/health";
import { withRawClient } from "../support/db";

function launch(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts", "start"], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-launcher-"));
fs.chmodSync(scratch, 0o755);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("npm start", () => {
  it("says so in one line when the port is taken", async () => {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, () => resolve((server.address() as net.AddressInfo).port)));
    const result = await launch({ PORT: String(port), STORYDESK_DATA_DIR: scratch });
    server.close();
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`[storydesk] Error: Port ${port} is already in use. Stop what is using it, or start on another port: PORT=${port + 1} npm start`);
  });

  it("says so in one line when the external database is unreachable, without the password", async () => {
    const deadPort = await freePort();
    const result = await launch({ PORT: String(await freePort()), DATABASE_URL: `postgresql://user:s3cret@127.0.0.1:${deadPort}/desk` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The database at 127.0.0.1:${deadPort}/desk is unreachable`);
    expect(result.stderr).not.toContain("s3cret");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("says a desk is already running on the same data dir, and where, instead of starting a second one", async () => {
    const dataDir = fs.mkdtempSync(path.join(scratch, "running-"));
    fs.mkdirSync(path.join(dataDir, "run"));
    // This test's own process stands in for the running desk: alive, on port 3999.
    fs.writeFileSync(path.join(dataDir, "run", "launcher.json"), JSON.stringify({ pid: process.pid, port: 3999, startedAt: new Date().toISOString() }));
    const result = await launch({ PORT: String(await freePort()), STORYDESK_DATA_DIR: dataDir, DATABASE_URL: "" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `[storydesk] Error: A Storydesk is already running on ${dataDir} (pid ${process.pid}, http://localhost:3999). Use that one, stop it first, or start another desk with its own STORYDESK_DATA_DIR.`,
    );
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "run", "launcher.json"), "utf8"))).toMatchObject({ pid: process.pid });
  });

  it.runIf(process.getuid?.() === 0)("says in one line what to do when, as root, the postgres user cannot reach the data (no EACCES crash)", async () => {
    const privateDir = fs.mkdtempSync(path.join(scratch, "home-"));
    fs.chmodSync(privateDir, 0o700); // a home directory, as root has it
    const result = await launch({ PORT: String(await freePort()), STORYDESK_DATA_DIR: path.join(privateDir, "data"), DATABASE_URL: "" });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`the "postgres" user when Storydesk is started as root, and that user cannot enter ${privateDir}`);
    expect(lines[0]).toContain(`chmod o+x ${privateDir}`);
    expect(result.stderr).not.toContain("EACCES");
  });
});

describe("npm start with an external PostgreSQL", () => {
  it("warns loudly when the app's database role could bypass the ledger", async () => {
    // DATABASE_URL is the owner (a superuser here). Outside demo mode without NEXTAUTH_SECRET
    // the launcher then stops, after the warning: nothing more is needed to see it.
    const result = await launch({ PORT: String(await freePort()), DATABASE_URL: process.env.MIGRATION_DATABASE_URL!, NEXTAUTH_SECRET: "", STORYDESK_DEMO: "0" });
    expect(result.stderr).toContain("[storydesk] WARNING: the app's database role (DATABASE_URL) can bypass the revision ledger:");
    expect(result.stderr).toContain("[storydesk]   - it owns the ledger's tables");
    expect(result.stderr).toContain("`npm run db:roles` prints the SQL");
    expect(result.code).toBe(1);
  });
});

describe("the embedded PostgreSQL", () => {
  it("recovers a stale lock from a crashed run, and refuses to share a live one", async () => {
    const dataDir = path.join(scratch, "pg");
    const first = await startEmbeddedPostgres({ dataDir });
    await first.stop();
    fs.writeFileSync(path.join(dataDir, "postmaster.pid"), "2147483646\n/data\n");
    const lines: string[] = [];
    const second = await startEmbeddedPostgres({ dataDir, log: (line) => lines.push(line) });
    expect(lines.join("\n")).toMatch(/Recovered a stale PostgreSQL lock/);
    await second.stop();

    fs.writeFileSync(path.join(dataDir, "postmaster.pid"), `${process.pid}\n/data\n`);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(LauncherError);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(`already running on ${dataDir} (pid ${process.pid})`);
    fs.rmSync(path.join(dataDir, "postmaster.pid"));
  });
});

describe("migrations", () => {
  function migrationsDir(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(scratch, "migrations-"));
    for (const [name, sql] of Object.entries(files)) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
    }
    return dir;
  }

  it("names a failing migration and leaves nothing of it behind", async () => {
    const dir = migrationsDir({
      "1_good": "CREATE TABLE scratch_good (id int);",
      "2_bad": "CREATE TABLE scratch_half (id int); SELECT no_such_function();",
    });
    const error = await migrate(process.env.MIGRATION_DATABASE_URL!, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toMatch(/^Migration 2_bad failed: function no_such_function\(\) does not exist/);
    await withRawClient(async (client) => {
      const tables = await client.query(`SELECT to_regclass('scratch_good') AS good, to_regclass('scratch_half') AS half`);
      expect(tables.rows[0]).toEqual({ good: "scratch_good", half: null });
    });
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const dir = migrationsDir({ "1_table": "CREATE TABLE scratch_edit (id int);" });
    expect(await migrate(process.env.MIGRATION_DATABASE_URL!, dir)).toEqual(["1_table"]);
    expect(await migrate(process.env.MIGRATION_DATABASE_URL!, dir)).toEqual([]);
    fs.writeFileSync(path.join(dir, "1_table", "migration.sql"), "CREATE TABLE scratch_edit (id bigint);");
    await expect(migrate(process.env.MIGRATION_DATABASE_URL!, dir)).rejects.toThrow(/1_table failed: it was changed after it was applied/);
  });
});

describe("/api/health's check", () => {
  it("reports reachability, migration state and whether the app's role could bypass the ledger", async () => {
    const migrations = { expected: listMigrations().length, applied: listMigrations().length, pending: [] };
    // The tests' app role is the runtime role, as in production.
    expect(await checkHealth()).toEqual({ status: "ok", database: "reachable", migrations, ledger: { appRoleCanBypass: false, reasons: [] } });
    const saved = process.env.DATABASE_URL;
    try {
      // Connected as the owner, the app could switch the ledger off: degraded, and why. The owner is
      // a superuser on the embedded server, not on PostgreSQL 15 in CI.
      const ownerIsSuperuser = await withRawClient(async (client) => (await client.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).rows[0]!.rolsuper);
      process.env.DATABASE_URL = process.env.MIGRATION_DATABASE_URL;
      expect(await checkHealth()).toEqual({
        status: "degraded",
        database: "reachable",
        migrations,
        ledger: {
          appRoleCanBypass: true,
          reasons: [
            ...(ownerIsSuperuser ? ["it is a superuser"] : []),
            "it owns the ledger's tables (an owner can switch their triggers off)",
            "it may write the revisions table directly",
            ...(ownerIsSuperuser ? ["it may set session_replication_role (which switches triggers off)"] : []),
          ],
        },
      });
      process.env.DATABASE_URL = `postgresql://nobody:x@127.0.0.1:${await freePort()}/none`;
      expect(await checkHealth()).toEqual({ status: "down", database: "unreachable", migrations: null, ledger: null });
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});
