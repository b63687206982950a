// `edict test <pack>`: runs the pack's test cases (rules/<pack>/tests/*.json), prints every
// failure with what differs and the trace of the lines that differ, then a summary with rule and
// branch coverage. Exit 1 on a failure (or, with --require-full-coverage, on a coverage gap),
// 2 when a test file is malformed; the other codes are those of src/cli/main.ts.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPack } from "../node/index.js";
import { formatDiagnostic } from "../index.js";
import { runTests, formatOutcome, formatSummary } from "../testing/run-tests.js";
import { coverageGaps, isComplete } from "../testing/coverage.js";

/** the exit codes of src/cli/main.ts (EXIT), repeated here so this module need not import main */
const EXIT = { ok: 0, failed: 1, badInput: 2, usage: 3, io: 4 } as const;

export interface TestArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

export function testCommand(args: TestArgs, out: (s: string) => void, err: (s: string) => void): number {
  const fail = (message: string, code: number) => {
    err(`edict: ${message}`);
    return code;
  };
  const [given, ...extra] = args.positional;
  if (!given) return fail("say which pack to test: edict test <pack folder>", EXIT.usage);
  if (extra.length) return fail(`edict test takes one pack, not ${args.positional.length}`, EXIT.usage);
  const coverageJson = args.flags.get("coverage-json");
  if (coverageJson === true) return fail("--coverage-json needs a file name", EXIT.usage);
  const pack = (isDirectory(given) ? given : isDirectory(join("rules", given)) ? join("rules", given) : given).replace(/\/+$/, "");
  if (!isDirectory(pack)) return fail(`no such pack folder: ${given}`, EXIT.io);

  const testsDir = join(pack, "tests");
  const names = isDirectory(testsDir) ? readdirSync(testsDir).filter((n) => n.endsWith(".json")).sort() : [];
  if (names.length === 0) return fail(`no tests in ${testsDir} (one JSON file per case; see rules/README.md)`, EXIT.usage);

  const compiled = loadPack(pack);
  for (const d of compiled.diagnostics) err(formatDiagnostic(d));
  if (!compiled.ok) return fail(`${pack} has errors; fix them first (edict check ${pack})`, EXIT.failed);

  const files: Record<string, unknown> = {};
  const unreadable: string[] = [];
  for (const name of names) {
    const path = join(testsDir, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      return fail(`cannot read ${path}`, EXIT.io);
    }
    try {
      files[path] = JSON.parse(text);
    } catch (e) {
      unreadable.push(`${path}: not valid JSON: ${(e as Error).message}`);
    }
  }

  const run = runTests(compiled.ruleset, files);
  for (const message of unreadable) err(`edict: ${message}`);
  for (const outcome of run.outcomes) {
    if (outcome.status === "invalid") err(`edict: ${outcome.name} is not a valid test case:\n${outcome.errors.map((e) => `  ${e}`).join("\n")}`);
    else if (outcome.status === "failed") out(formatOutcome(outcome) + "\n");
  }

  const coverage = run.coverage!;
  const gaps = coverageGaps(coverage);
  if (gaps.length) out(`coverage gaps:\n${gaps.map((g) => `  ${g}\n`).join("")}\n`);
  if (typeof coverageJson === "string") {
    const report = {
      pack: compiled.ruleset.name,
      version: compiled.ruleset.version,
      hash: compiled.ruleset.hash,
      tests: { passed: run.passed, failed: run.failed, invalid: run.invalid + unreadable.length },
      complete: isComplete(coverage),
      gaps,
      ...coverage,
    };
    try {
      writeFileSync(coverageJson, JSON.stringify(report, null, 2) + "\n");
    } catch {
      return fail(`cannot write ${coverageJson}`, EXIT.io);
    }
  }
  const invalid = run.invalid + unreadable.length;
  const summary = formatSummary({ ...run, invalid });
  out(`${summary}\n`);

  if (invalid > 0) return EXIT.badInput;
  if (run.failed > 0) return EXIT.failed;
  if (args.flags.get("require-full-coverage") === true && !isComplete(coverage)) {
    return fail(`coverage is incomplete (${gaps.length} gap${gaps.length === 1 ? "" : "s"}) and --require-full-coverage was given`, EXIT.failed);
  }
  return EXIT.ok;
}

