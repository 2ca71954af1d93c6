// The bench's own PostgreSQL: embedded, in a temporary directory, durability off (a
// throwaway cluster, like the tests'), with the `storydesk_bench` database migrated.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { migrate } from "../../lib/server/migrations";
import { DEFAULT_RUNTIME_ROLE, ensureRuntimeRole, newRolePassword, urlAs } from "../lib/roles";

export const BENCH_DB = "storydesk_bench";

/** url: the owner (a superuser: generation, tampering-free setup); appUrl: the runtime role the app uses. */
export type BenchCluster = { url: string; appUrl: string; dir: string; stop: () => Promise<void> };

/** `flags`: more server settings (a profile's extensions, e.g. scripts/bench/profile-edit.ts). */
export async function startBenchCluster(log: (line: string) => void, flags: string[] = []): Promise<BenchCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-bench-"));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
  let stopped = false;
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  // Last resort: embedded-postgres stops its clusters on SIGINT/SIGTERM itself and then exits
  // the process, possibly before our own cleanup has removed the directory.
  process.on("exit", removeDir);
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    server = await startEmbeddedPostgres({
      dataDir: path.join(dir, "pg"),
      log,
      flags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=100", ...flags],
    });
  } catch (error) {
    removeDir();
    throw error;
  }
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.race([server.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]).catch(() => {});
    removeDir();
    process.off("exit", removeDir);
  };
  const appPassword = newRolePassword();
  try {
    await server.ensureDatabase(BENCH_DB);
    await migrate(server.url(BENCH_DB));
    await ensureRuntimeRole(server.url(BENCH_DB), { role: DEFAULT_RUNTIME_ROLE, password: appPassword, database: BENCH_DB });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: server.url(BENCH_DB), appUrl: urlAs(server.url(BENCH_DB), DEFAULT_RUNTIME_ROLE, appPassword), dir, stop };
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A connection the server ends (e.g. PostgreSQL got Ctrl-C too) fails the pending query;
  // without a listener it would also crash the process before it cleans up.
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** One transaction that names its actor, as the ledger requires. */
export async function asActor<T>(client: pg.Client, actorId: string, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT set_config('storydesk.actor_id', $1, true)", [actorId]);
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}
