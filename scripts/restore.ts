// npm run restore <archive> — restores a backup into an empty database (DATABASE_URL) or an
// empty data dir (the embedded PostgreSQL), then verifies every hash chain. Exit codes: 0 done
// and verified; 1 refused or failed (nothing was restored), or a chain does not verify;
// 3 restored and verified, but the configured encryption keys cannot read the protected fields.
import fs from "node:fs";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { withDatabase } from "./lib/database";

const archive = process.argv[2];
if (!archive || !fs.existsSync(archive)) {
  console.error(archive ? `restore: no file ${archive}` : "Usage: npm run restore <archive>   (made by npm run backup)");
  process.exit(1);
}

const exitCode = await withDatabase(async () => {
  const { restoreDesk, RestoreError } = await import("@/lib/server/backup/restore");
  const { checkRestoredDesk } = await import("@/lib/server/backup/check");
  const { db } = await import("@/lib/db");
  const input = fs.createReadStream(path.resolve(archive)).pipe(createGunzip());
  try {
    // As the owner: the restore writes the ledger's own tables back with the triggers off.
    const summary = await restoreDesk(process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL!, input);
    const total = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
    console.log(`Restored the desk as of ${summary.manifest.takenAt}: ${summary.manifest.tables.length} tables, ${total.toLocaleString("en")} rows.`);
    if (summary.migrationsAppliedAfter.length) console.log(`Then applied the migrations made since: ${summary.migrationsAppliedAfter.join(", ")}.`);
    const check = await checkRestoredDesk(summary.manifest);
    const broken = check.ledger.chains.filter((chain) => !chain.ok);
    for (const chain of broken) for (const problem of chain.problems) console.log(`BROKEN  ${chain.chain}${problem.seq ? ` at #${problem.seq}` : ""}: ${problem.problem}`);
    for (const problem of check.ledger.general) console.log(`BROKEN  ${problem.problem}`);
    console.log(
      `${check.ledger.chains.length} chain(s) verified with their signed checkpoints and live rows, ${broken.length + check.ledger.general.length} problem(s); ` +
        `heads ${check.headMismatches.length ? `differ from the backup's for ${check.headMismatches.join(", ")}` : "as in the backup"}.`,
    );
    if (!check.ledger.ok || check.headMismatches.length) return 1;
    if (check.unreadableKeys.length) {
      console.log(
        `WARNING: the protected source fields were encrypted with key(s) ${check.unreadableKeys.join(", ")}, which the configured keys cannot decrypt. ` +
          `Put the keys you kept with the backup in STORYDESK_ENCRYPTION_KEYS (or .data/encryption-keys) before starting the desk.`,
      );
      return 3;
    }
    return 0;
  } catch (error) {
    input.destroy();
    console.error(`restore: ${error instanceof RestoreError ? error.message : `nothing was restored: ${error instanceof Error ? error.message : String(error)}`}`);
    return 1;
  } finally {
    await db().$disconnect();
  }
});
process.exit(exitCode);
