// Runs one of the project's command-line scripts (npm run audit:verify and the like) as npm
// would, with this test file's environment (its database), and collects what it prints.
import { spawn } from "node:child_process";

export type ScriptRun = { code: number | null; out: string; err: string; all: string };

export function runScript(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let all = "";
    child.stdout.on("data", (chunk: Buffer) => ((out += chunk.toString()), (all += chunk.toString())));
    child.stderr.on("data", (chunk: Buffer) => ((err += chunk.toString()), (all += chunk.toString())));
    child.on("exit", (code) => resolve({ code, out, err, all }));
  });
}
