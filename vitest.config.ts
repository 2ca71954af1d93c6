import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Server-only modules are imported directly by tests.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default", "./tests/support/count-reporter.ts"],
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/postgres.ts"],
          setupFiles: ["tests/setup/database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/setup/app-server.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser and one app server: e2e files run one after another. Tests marked
          // concurrent (the page sweep) run at most three at a time.
          fileParallelism: false,
          maxConcurrency: 3,
        },
      },
    ],
  },
});
