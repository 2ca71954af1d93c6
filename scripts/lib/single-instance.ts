// One desk per data directory: a second `npm start` on the same data says a desk is already
// running there (and where) instead of failing somewhere inside PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { LauncherError, isAlive } from "./embedded-postgres";

type Holder = { pid: number; port: number; startedAt: string };

/** Claims `dataDir` for this process until it exits; throws if another live desk holds it. */
export function claimDataDir(dataDir: string, port: number, shownAs: string): void {
  const file = path.join(dataDir, "run", "launcher.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder: Holder = { pid: process.pid, port, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // "wx": created only if absent, so two launchers starting together cannot both win.
      fs.writeFileSync(file, JSON.stringify(holder), { flag: "wx", mode: 0o600 });
      process.on("exit", () => {
        const current = (() => {
          try {
            return JSON.parse(fs.readFileSync(file, "utf8")) as Holder;
          } catch {
            return null;
          }
        })();
        if (current?.pid === process.pid) fs.rmSync(file, { force: true });
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let other: Holder | null = null;
    try {
      other = JSON.parse(fs.readFileSync(file, "utf8")) as Holder;
    } catch {
      // unreadable: a crashed start; replaced below
    }
    if (other && other.pid !== process.pid && isAlive(other.pid)) {
      throw new LauncherError(
        `A Storydesk is already running on ${shownAs} (pid ${other.pid}, http://localhost:${other.port}). Use that one, stop it first, or start another desk with its own STORYDESK_DATA_DIR.`,
      );
    }
    fs.rmSync(file, { force: true }); // left by a desk that is gone
  }
  throw new LauncherError(`Could not claim ${shownAs}; is another Storydesk starting there?`);
}
