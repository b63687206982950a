// `edict test <pack>`: runs the pack's test cases (rules/<pack>/tests/*.json), prints every
// failure with what differs and the trace of the lines that differ, then a summary with rule and
// branch coverage. Exit 1 on a failure (or, with --require-full-coverage, on a coverage gap),
// 2 when a test file is malformed. --differential runs every case in the reference interpreter
// too: a disagreement with the compiled evaluator is a failure.
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPack } from "../node/index.js";
import { runTests, formatOutcome, formatSummary } from "../testing/run-tests.js";
import { coverageGaps, isComplete } from "../testing/coverage.js";
import { defineCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { loadOptions, readJsonFile, reportDiagnostics, ruleLoading, RULE_LOADING_OPTIONS } from "./support.js";

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

export const testCommand = defineCommand({
  name: "test",
  summary: "run a pack's test cases, with rule and branch coverage",
  usage: [
    "<pack> [--require-full-coverage] [--coverage-json <file>] [--differential]",
    "<artifact> --tests <folder> [--require-full-coverage] [--coverage-json <file>] [--differential]",
  ],
  options: {
    "require-full-coverage": { type: "boolean", help: "exit 1 unless every rule and branch is covered" },
    "coverage-json": { type: "string", value: "<file>", help: "write the results and coverage as JSON to <file>" },
    differential: { type: "boolean", help: "run every case in the reference interpreter too; a disagreement fails" },
    tests: { type: "string", value: "<folder>", help: "the test cases (default <pack>/tests; needed for an artifact of edict build)" },
    ...RULE_LOADING_OPTIONS,
  },
  notes:
    "<pack> is a pack folder, or the name of one under rules/. Its cases are <pack>/tests/*.json\n(the format is in rules/README.md). An artifact of edict build is tested like its pack, with\nthe cases of --tests.",
  run({ values, operands }, { out, err }) {
    const [given, ...extra] = operands;
    if (!given) throw usageError("say which pack to test: edict test <pack folder>");
    if (extra.length) throw usageError(`edict test takes one pack, not ${operands.length}`);
    const coverageJson = values["coverage-json"];
    const artifact = isFile(given);
    const pack = artifact ? given : (isDirectory(given) ? given : isDirectory(join("rules", given)) ? join("rules", given) : given).replace(/\/+$/, "");
    if (!artifact && !isDirectory(pack)) throw new CliError(`no such pack folder or artifact: ${given}`, EXIT.io);
    if (artifact && values.tests === undefined)
      throw usageError("an artifact holds no tests: say where they are with --tests <folder> (e.g. the pack's tests folder)");

    const testsDir = values.tests ?? join(pack, "tests");
    const names = isDirectory(testsDir)
      ? readdirSync(testsDir)
          .filter((n) => n.endsWith(".json"))
          .sort()
      : [];
    if (names.length === 0) throw usageError(`no tests in ${testsDir} (one JSON file per case; see rules/README.md)`);

    const options = loadOptions(ruleLoading(values));
    const compiled = loadPack(pack, options);
    reportDiagnostics(compiled.diagnostics, err);
    if (!compiled.ok) throw new CliError(`${pack} has errors; fix them first (edict check ${pack})`, EXIT.ruleErrors);

    const files: Record<string, unknown> = {};
    const unreadable: string[] = [];
    for (const name of names) {
      const path = join(testsDir, name);
      try {
        files[path] = readJsonFile(path, options.limits);
      } catch (e) {
        // a file that cannot be read stops the run; one that is not JSON is reported with the rest
        if (!(e instanceof CliError) || e.exit === EXIT.io) throw e;
        unreadable.push(e.message);
      }
    }

    const run = runTests(compiled.ruleset, files, { differential: values.differential });
    for (const message of unreadable) err(`edict: ${message}`);
    for (const outcome of run.outcomes) {
      if (outcome.status === "invalid") err(`edict: ${outcome.name} is not a valid test case:\n${outcome.errors.map((e) => `  ${e}`).join("\n")}`);
      else if (outcome.status === "failed") out(formatOutcome(outcome) + "\n");
    }

    const coverage = run.coverage!;
    const gaps = coverageGaps(coverage);
    if (gaps.length) out(`coverage gaps:\n${gaps.map((g) => `  ${g}\n`).join("")}\n`);
    if (coverageJson !== undefined) {
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
        throw new CliError(`cannot write ${coverageJson}`, EXIT.io);
      }
    }
    const invalid = run.invalid + unreadable.length;
    const summary = formatSummary({ ...run, invalid });
    out(`${summary}\n`);
    if (values.differential) {
      const ran = run.passed + run.failed;
      const disagree = run.outcomes.filter((o) => o.differences.some((d) => d.field === "compiled evaluator")).length;
      out(`reference interpreter: agrees on ${ran - disagree} of ${ran} cases\n`);
    }

    if (invalid > 0) return EXIT.badInput;
    if (run.failed > 0) return EXIT.ruleErrors;
    if (values["require-full-coverage"] && !isComplete(coverage)) {
      throw new CliError(`coverage is incomplete (${gaps.length} gap${gaps.length === 1 ? "" : "s"}) and --require-full-coverage was given`, EXIT.ruleErrors);
    }
    return EXIT.ok;
  },
});
