// npm run db:seed — seeds the demo desk (once; re-running is a no-op).
import { withDatabase } from "./lib/database";

await withDatabase(async () => {
  const { seedDemoDesk } = await import("@/prisma/seed");
  const { db } = await import("@/lib/db");
  const result = await seedDemoDesk();
  console.log(result.seeded ? "Demo desk seeded." : "Demo desk already present; nothing to do.");
  await db().$disconnect();
});
