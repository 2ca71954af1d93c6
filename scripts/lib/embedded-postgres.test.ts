import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { blockedDirectory } from "./embedded-postgres";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-reach-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("blockedDirectory", () => {
  it("names the first directory on the way that the user cannot enter, by owner, group and other bits", () => {
    fs.chmodSync(root, 0o755);
    const home = path.join(root, "home");
    const checkout = path.join(home, "desk", "node_modules");
    fs.mkdirSync(checkout, { recursive: true });
    const { uid, gid } = fs.statSync(home);
    const stranger = { uid: uid + 12345, gid: gid + 12345 };

    fs.chmodSync(home, 0o700);
    expect(blockedDirectory(checkout, stranger)).toBe(home);
    expect(blockedDirectory(checkout, { uid, gid })).toBeNull(); // its owner may
    fs.chmodSync(home, 0o710);
    expect(blockedDirectory(checkout, { uid: stranger.uid, gid })).toBeNull(); // its group may
    expect(blockedDirectory(checkout, stranger)).toBe(home);
    fs.chmodSync(home, 0o711);
    expect(blockedDirectory(checkout, stranger)).toBeNull(); // everyone may pass through
    // Directories that do not exist yet are created for PostgreSQL: nothing blocks there.
    expect(blockedDirectory(path.join(checkout, "not", "yet"), stranger)).toBeNull();
  });
});
