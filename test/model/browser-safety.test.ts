// src/model must run in a browser and never depend on the clock, zone or locale: no Node
// modules, no Date, no Intl or locale formatting, no randomness.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dir = new URL("../../src/model/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

const FORBIDDEN: Array<[RegExp, string]> = [
  [/from\s+["'](?:node:)?(?:fs|path|process|buffer|crypto|os|url|util|child_process)["']/, "a Node module"],
  [/\brequire\s*\(/, "require"],
  [/\bprocess\./, "process"],
  [/\bBuffer\b/, "Buffer"],
  [/\bDate\b/, "Date"],
  [/\bIntl\b/, "Intl"],
  [/toLocale\w*\s*\(/, "locale formatting"],
  [/localeCompare\s*\(/, "locale comparison"],
  [/Math\.random/, "randomness"],
  [/parseFloat\s*\(/, "parseFloat"],
];

describe("src/model is browser-safe and deterministic", () => {
  it("has files to check", () => expect(files.length).toBeGreaterThanOrEqual(7));
  for (const file of files) {
    it(file, () => {
      const code = readFileSync(new URL(file, dir), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      for (const [pattern, what] of FORBIDDEN) expect(pattern.test(code), `${file} uses ${what}`).toBe(false);
      // every file starts with a header comment saying its job
      expect(readFileSync(new URL(file, dir), "utf8").startsWith("//")).toBe(true);
    });
  }
});
