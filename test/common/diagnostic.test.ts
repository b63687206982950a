// The diagnostic codes: every code in DIAGNOSTIC_CODES is made by a constructor in its stage's
// errors.ts and nowhere else, every code has an example that really produces it, and
// grammar/DIAGNOSTICS.md is what scripts/diagnostics-doc.ts generates from the table.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES, diagnostic, didYouMean, type DiagnosticCode } from "../../src/common/diagnostic.js";
import { parse } from "../../src/syntax/parser.js";
import { DOC_PATH, EXAMPLES, generateDoc, runExample } from "../../scripts/diagnostics-doc.js";

const CODES = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

/** every .ts file under src/, path relative to src/ → text */
const SOURCES = new Map(
  (readdirSync("src", { recursive: true }) as string[])
    .filter((path) => path.endsWith(".ts"))
    .map((path) => [path.split("\\").join("/"), readFileSync(join("src", path), "utf8")]),
);
const isConstructorFile = (path: string) => /^[a-z]+\/errors\.ts$/.test(path);

describe("diagnostic codes", () => {
  it("are kebab-case words with a one-line meaning, a stage and a severity", () => {
    for (const code of CODES) {
      const info = DIAGNOSTIC_CODES[code];
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(info.meaning, code).toMatch(/^[A-Z`].*\.$/);
      expect(info.meaning, code).not.toContain("\n");
      expect(["syntax", "check", "tables", "artifact", "interop"]).toContain(info.stage);
      expect(["error", "warning"]).toContain(info.severity);
    }
  });

  it("each is made by a constructor in its own stage's errors.ts, and every code is made by one", () => {
    const made = new Set<string>();
    const files = [...SOURCES.keys()].filter(isConstructorFile);
    expect(files.sort()).toEqual(["artifact/errors.ts", "check/errors.ts", "interop/errors.ts", "syntax/errors.ts", "tables/errors.ts"]);
    for (const path of files) {
      const stage = path.split("/")[0];
      for (const [, code] of SOURCES.get(path)!.matchAll(/\bdiagnostic\(\s*"([^"]+)"/g)) {
        expect(CODES, `${path} makes an unlisted code`).toContain(code);
        expect(DIAGNOSTIC_CODES[code as DiagnosticCode].stage, `${path} makes ${code}`).toBe(stage);
        made.add(code);
      }
    }
    expect(CODES.filter((code) => !made.has(code))).toEqual([]);
  });

  it("no diagnostic is put together anywhere else", () => {
    const codes = CODES.join("|");
    // a diagnostic literal (`severity: "error",` but not the type `severity: "error" | "warning"`),
    // a `code: "…"` field, or a code passed along as an argument: `error(span, "unknown-field", …)`
    const inline = new RegExp(`\\bdiagnostic\\(|severity:\\s*"(error|warning)"\\s*[,}]|code:\\s*"(${codes})"|[(,]\\s*"(${codes})"\\s*[,)]`);
    const offenders = [...SOURCES]
      .filter(([path]) => !isConstructorFile(path) && path !== "common/diagnostic.ts")
      .flatMap(([path, text]) => text.split("\n").map((line, i) => ({ at: `src/${path}:${i + 1}`, line })))
      .filter(({ line }) => inline.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });

  it("take their severity from the table", () => {
    const span = { file: "f", line: 1, col: 1, endLine: 1, endCol: 2, offset: 0, endOffset: 1 };
    expect(diagnostic("not-exportable", span, "m").severity).toBe("warning");
    expect(diagnostic("unknown-field", span, "m", didYouMean("serviceDate"))).toEqual({
      severity: "error",
      code: "unknown-field",
      message: "m",
      span,
      hint: "did you mean `serviceDate`?",
    });
    // no hint key at all when there is nothing to suggest
    expect("hint" in diagnostic("type", span, "m", didYouMean(undefined))).toBe(false);
  });
});

describe("the examples of grammar/DIAGNOSTICS.md", () => {
  it("only `internal` has no example input", () => {
    expect(CODES.filter((code) => "unreachable" in EXAMPLES[code])).toEqual(["internal"]);
    // it is still reachable from the API: the parser's own failure becomes a diagnostic
    const failed = parse(undefined as unknown as string, "f.edict").diagnostics;
    expect(failed.map((d) => [d.code, d.span.file, d.span.line, d.span.col])).toEqual([["internal", "f.edict", 1, 1]]);
    expect(failed[0].message).toMatch(/^the parser failed unexpectedly \(.+\); please report this$/);
  });

  for (const code of CODES) {
    const example = EXAMPLES[code];
    if ("unreachable" in example) continue;
    it(`${code}: the example reports exactly that code`, () => {
      const diagnostics = runExample(example);
      expect(diagnostics.map((d) => d.code)).toEqual([code]);
      expect(diagnostics[0].severity).toBe(DIAGNOSTIC_CODES[code].severity);
    });
  }

  it("grammar/DIAGNOSTICS.md is up to date (run `npm run diagnostics` after changing a code or its wording)", () => {
    const doc = generateDoc();
    expect(readFileSync(DOC_PATH, "utf8")).toBe(doc);
    for (const code of CODES) expect(doc).toContain(`### \`${code}\``);
  });
});
