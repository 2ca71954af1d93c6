// npm run db:migrate — applies pending migrations to DATABASE_URL.
import { migrate, MigrationError } from "../lib/server/migrations";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (npm start migrates the embedded database by itself.)");
  process.exit(1);
}
try {
  const applied = await migrate(url);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database schema is up to date.");
} catch (error) {
  console.error(error instanceof MigrationError ? error.message : "Migrating failed: the database could not be reached or refused the change.");
  process.exit(1);
}
