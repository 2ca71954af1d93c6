import { defineConfig } from "prisma/config";

// Prisma 7 keeps connection URLs out of schema.prisma. The CLI reads this file;
// at runtime the app connects through the pg driver adapter (lib/db.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx scripts/seed.ts",
  },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/storydesk",
  },
});
