// "Build if needed": a build is reused while the sources it was made from are unchanged.
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const SOURCES = ["app", "components", "lib", "prisma/schema.prisma", "proxy.ts", "next.config.ts", "package.json", "postcss.config.mjs", "tsconfig.json"];
const STAMP = ".next/storydesk-source-hash";

function walk(entry: string, files: string[]): void {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isFile()) {
    files.push(entry);
    return;
  }
  for (const child of fs.readdirSync(entry).sort()) {
    if (child === "node_modules" || child.startsWith(".")) continue;
    walk(path.join(entry, child), files);
  }
}

export function sourceHash(root = process.cwd()): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  for (const source of SOURCES) walk(path.join(root, source), files);
  for (const file of files) {
    if (file.endsWith(".test.ts") || file.endsWith(".test.tsx")) continue;
    hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export function buildIsCurrent(root = process.cwd()): boolean {
  const stamp = path.join(root, STAMP);
  return fs.existsSync(path.join(root, ".next/BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === sourceHash(root);
}

export function nextBin(root = process.cwd()): string {
  return path.join(root, "node_modules/next/dist/bin/next");
}

/**
 * The environment of a Next.js server the desk starts (npm start, the e2e app, the bench):
 * it preloads forwarded-headers.mjs, which keeps clients from naming their own address.
 */
export function nextServerEnv(env: NodeJS.ProcessEnv, root = process.cwd()): NodeJS.ProcessEnv {
  const hook = `--import=${pathToFileURL(path.join(root, "scripts/lib/forwarded-headers.mjs")).href}`;
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, hook].filter(Boolean).join(" ") };
}

/** Runs `next build` unless the current sources were already built. */
export async function buildIfNeeded(log: (line: string) => void, root = process.cwd()): Promise<void> {
  if (buildIsCurrent(root)) return;
  log("Building the app (first start, or the sources changed)…");
  const hash = sourceHash(root);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [nextBin(root), "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit code ${code}); see the output above.`);
  fs.writeFileSync(path.join(root, STAMP), hash);
}
