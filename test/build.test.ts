// The built package (dist/, made by tsup before the tests run) starts quickly: chevrotain's
// single-file build is bundled in (not its ~700-module graph), and the grammar self-checks that
// tests run (src/syntax/release.ts) are compiled out.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RELEASE_BUILD } from "../src/syntax/release.js";

describe("the built package", () => {
  for (const file of ["dist/index.js", "dist/index.cjs", "dist/node.js", "dist/cli.js"]) {
    it(`${file} bundles chevrotain and is a release build`, () => {
      const code = readFileSync(file, "utf8");
      expect(code).not.toMatch(/from\s*["']chevrotain["']|require\(["']chevrotain["']\)/);
      expect(code).not.toContain("__EDICT_RELEASE__");
    });
  }

  it("tests run the grammar self-checks (sources are not a release build)", () => {
    expect(RELEASE_BUILD).toBe(false);
  });
});
