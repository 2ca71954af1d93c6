import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** Cuts `source` (a path from the repository's root) with `subset` and writes it to `file` (the same), saying the sizes. */
export async function writeSubset(source: string, file: string, subset: (font: Buffer) => Promise<Buffer>): Promise<void> {
  const input = fs.readFileSync(path.join(root, source));
  const output = await subset(input);
  fs.writeFileSync(path.join(root, file), output);
  console.log(`${file}: ${input.length} → ${output.length} bytes`);
}
