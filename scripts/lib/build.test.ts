import { describe, expect, it } from "vitest";
import { nextServerEnv } from "./build";

describe("a Next.js server's environment", () => {
  it("preloads the forwarded-headers hook and sizes the young generation, after what NODE_OPTIONS already says", () => {
    const options = nextServerEnv({ ...process.env, NODE_OPTIONS: "--enable-source-maps" }, "/desk").NODE_OPTIONS!.split(" ");
    expect(options).toEqual(["--enable-source-maps", "--max-semi-space-size=64", "--import=file:///desk/scripts/lib/forwarded-headers.mjs"]);
  });

  it("leaves a semi-space size set by the operator as it is", () => {
    const options = nextServerEnv({ ...process.env, NODE_OPTIONS: "--max-semi-space-size=16" }, "/desk").NODE_OPTIONS!.split(" ");
    expect(options).toEqual(["--max-semi-space-size=16", "--import=file:///desk/scripts/lib/forwarded-headers.mjs"]);
  });
});
