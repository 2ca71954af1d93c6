// npm run backup [file | -] — writes a consistent archive of the whole desk while it runs
// (lib/server/backup/): to `file`, to stdout with `-`, or by default to
// backups/storydesk-<UTC time>.backup.gz. The file appears only once it is complete.
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import { createGzip } from "node:zlib";
import pg from "pg";
import { withDatabase } from "./lib/database";

const target = process.argv[2];
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
const file = target === "-" ? null : path.resolve(target ?? path.join("backups", `storydesk-${stamp}Z.backup.gz`));
const say = (line: string) => (file ? console.log(line) : console.error(line)); // stdout may be the archive

const exitCode = await withDatabase(async () => {
  const { backupDesk } = await import("@/lib/server/backup/backup");
  // As the owner where there is one: it may read every table, whatever the runtime role's grants.
  const client = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL });
  await client.connect();
  const partial = file ? `${file}.partial` : null;
  try {
    if (partial) fs.mkdirSync(path.dirname(partial), { recursive: true });
    const archive = new PassThrough();
    const written = pipeline(archive, createGzip(), partial ? fs.createWriteStream(partial, { mode: 0o600 }) : process.stdout);
    const summary = await backupDesk(client, archive);
    archive.end();
    await written;
    if (partial && file) fs.renameSync(partial, file);
    const total = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
    say(
      `Backed up the desk as of ${summary.manifest.takenAt}: ${summary.manifest.tables.length} tables, ${total.toLocaleString("en")} rows ` +
        `(${(summary.rows.revisions ?? 0).toLocaleString("en")} revisions in ${summary.manifest.chains.length} chains)` +
        (file ? ` → ${path.relative(process.cwd(), file)} (${Math.ceil(fs.statSync(file).size / 1024).toLocaleString("en")} KiB)` : "") +
        ".",
    );
    say("Keep the encryption keys (STORYDESK_ENCRYPTION_KEYS or .data/encryption-keys) safe separately: the backup holds the protected fields encrypted, never the keys.");
    return 0;
  } catch (error) {
    if (partial) fs.rmSync(partial, { force: true });
    console.error(`backup: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await client.end().catch(() => {});
  }
});
process.exit(exitCode);
