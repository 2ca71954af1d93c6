// Runs the Prisma CLI with a stub schema engine unless a real one is configured.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/prisma-engine-stub.sh");
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
