// npm run db:seed — seeds the demo desk into DATABASE_URL (once; re-running is a no-op).
import { seedDemoDesk } from "@/prisma/seed";
import { db } from "@/lib/db";

const result = await seedDemoDesk();
console.log(result.seeded ? "Demo desk seeded." : "Demo desk already present; nothing to do.");
await db().$disconnect();
