// The core runs in a browser and never depends on the clock, zone, locale or randomness; and
// nothing from a rule or a claim can become code: Edict compiles to closures, never to source.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePack } from "../src/index.js";

const CORE = [
  "common",
  "syntax",
  "check",
  "ir",
  "tables",
  "runtime",
  "eval",
  "compile",
  "engine",
  "model",
  "trace",
  "fixes",
  "interop",
  "artifact",
  "testing",
  "batch",
  "estimate",
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const FORBIDDEN: Array<[RegExp, string]> = [
  [/from\s+["'](?:node:)?(?:fs|path|process|buffer|crypto|os|url|util|child_process|worker_threads)["']/, "a Node module"],
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

const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

describe("the core is browser-safe and deterministic", () => {
  const core = CORE.flatMap((folder) => files(join("src", folder)));
  it("has files to check", () => expect(core.length).toBeGreaterThan(30));
  for (const file of core) {
    it(file, () => {
      const text = readFileSync(file, "utf8");
      const code = stripComments(text);
      for (const [pattern, what] of FORBIDDEN) expect(pattern.test(code), `${file} uses ${what}`).toBe(false);
      expect(text.startsWith("//"), `${file} starts with a comment saying its job`).toBe(true);
    });
  }
});

describe("no code is generated from rule text or claim data", () => {
  it("nothing in src evaluates strings as code, except the code generator", () => {
    // src/compile/codegen.ts builds its text from its own fragments only: test/compile/codegen.test.ts
    for (const file of files("src").filter((f) => !f.endsWith(join("compile", "codegen.ts")))) {
      const code = stripComments(readFileSync(file, "utf8"));
      expect(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(|setTimeout\s*\(\s*["'`]/.test(code), file).toBe(false);
    }
  });

  it("hostile text in rules and claims is carried as data", () => {
    const hostile = '"); globalThis.pwned = true; ("';
    const escaped = hostile.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    const source = `pack "p" version "1"
rule r "${escaped}"
  phase validity
  cite "${escaped}"
  when claim.id = "${escaped}" and member.id != "\`\${globalThis.pwned = true}\`"
  then deny CO-16
`;
    const compiled = compilePack("p", { "p/rules.edict": source });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    const claim = {
      id: hostile,
      receivedDate: "2026-03-01",
      member: { id: "${process.exit(1)}", birthDate: "1980-01-01", sex: "F" },
      provider: { npi: "1234567893", network: "in" },
      diagnoses: ["J06.9"],
      lines: [{ lineNumber: 1, serviceDate: "2026-02-01", code: "99213", modifiers: [], units: 1, charge: 100, placeOfService: "11", diagnosisPointers: [1] }],
    };
    const out = compiled.ruleset.adjudicate(claim, { asOf: "2026-03-01", coverage: [] }, { trace: true });
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
    expect(out.result.claimId).toBe(hostile);
    expect(out.result.lines[0].reason).toBe("CO-16");
    expect(out.result.trace![0].cites).toEqual([hostile]);
  });
});
