// The `edict` command: check, adjudicate, explain and fmt. File reading and exit codes live
// here; everything else is the library. Errors go to stderr as plain sentences, never a stack.
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname, basename } from "node:path";
import { loadPack, buildArtifact } from "../node/index.js";
import { formatDiagnostic, explain, format, type Ruleset, type Result, type Diagnostic } from "../index.js";
import { summarize } from "../trace/explain.js";
import { rowCount } from "../ir/table.js";
import { exportJsonRulesEngine, importJsonRulesEngine } from "../interop/json-rules-engine.js";
import { testCommand } from "./test-command.js";
import { tablesCommand } from "./tables-command.js";
import { batchCommand } from "./batch-command.js";
import { diffCommand } from "./diff-command.js";
import { estimateCommand } from "./estimate-command.js";
import { isNdjson } from "./support.js";

export const EXIT = {
  ok: 0,
  /** the rules have errors, or `fmt --check` found unformatted files */
  ruleErrors: 1,
  /** a claim or context is malformed */
  badInput: 2,
  /** the command line is wrong */
  usage: 3,
  /** a file could not be read or written */
  io: 4,
  /** a bug in Edict itself */
  internal: 70,
} as const;

const HELP = `edict — adjudicate health-insurance claims with rules you can read

Usage:
  edict check <pack>                                   check a pack; exit 1 on errors
  edict adjudicate --rules <pack> [--context <file>] [--trace] [--format json|text]
                   [--evaluator compiled|reference] <claim.json | folder>...
  edict adjudicate --rules <pack> [--context <file>] [--output <file> [--resume]] [--workers N]
                   [--summary-json <file>] <claims.ndjson>     a batch: members in date order, carrying
  edict diff --base <old pack> --head <new pack> [--context <file>] [--format text|json] <claims.ndjson>
  edict estimate --rules <pack> --context <file> [--format json|text] <planned-services.json>
  edict explain --rules <pack> [--context <file>] <claim.json | folder>...
  edict fmt [--write | --check] <file.edict | pack>...
  edict build <pack> -o <file>                                 a compiled artifact; --rules accepts it
  edict export --format json-rules-engine [--strict] <pack>      rules as json-rules-engine JSON
  edict import --from json-rules-engine [--name <pack>] <rules.json>   .edict source on stdout
  edict test <pack> [--require-full-coverage] [--coverage-json <file>]  run <pack>/tests/*.json with coverage
  edict tables import --from cms-ptp|cms-mue|cms-hcpcs <input> [-o <out.csv>]   CMS's NCCI and HCPCS files as cms-edits CSV
  edict tables import --from cms-mce <input> -o <folder>       the MCE lists, one CSV each (rules/cms-mce)

A claim's context is --context, or else context.json beside the claim. A folder argument
means every claim.json below it (one example per sub-folder).

Exit codes: 0 ok, 1 rule errors or unformatted files, 2 bad claim or context,
3 bad command line, 4 unreadable file, 70 internal error.
`;

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(["rules", "context", "format", "evaluator", "from", "name", "output", "coverage-json", "workers", "summary-json", "base", "head"]);
const BOOLEAN_FLAGS = new Set(["trace", "write", "check", "help", "strict", "require-full-coverage", "resume"]);

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-o") {
      const value = argv[++i];
      if (value === undefined) throw new CliError("-o needs a file name", EXIT.usage);
      flags.set("output", value);
      continue;
    }
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [long, inline] = arg.slice(2).split("=", 2);
    const name = long;
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new CliError(`--${name} needs a value`, EXIT.usage);
      flags.set(name, value);
    } else if (BOOLEAN_FLAGS.has(name)) flags.set(name, true);
    else throw new CliError(`unknown option --${name} (see edict --help)`, EXIT.usage);
  }
  return { positional, flags };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new CliError(`cannot read ${path}`, EXIT.io);
  }
}

function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path} is not valid JSON: ${(e as Error).message}`, EXIT.badInput);
  }
}

function compile(packDir: string | true | undefined, err: (s: string) => void): Ruleset {
  if (typeof packDir !== "string") throw new CliError("say which rules to use: --rules <pack folder>", EXIT.usage);
  const out = loadPack(packDir);
  reportDiagnostics(out.diagnostics, err);
  if (!out.ok) throw new CliError(`${packDir} has errors; fix them first (edict check ${packDir})`, EXIT.ruleErrors);
  return out.ruleset;
}

function reportDiagnostics(diagnostics: Diagnostic[], err: (s: string) => void): void {
  for (const d of diagnostics) err(formatDiagnostic(d));
}

/** claim files named on the command line; a folder stands for every claim.json below it */
function claimFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new CliError(`no such file or folder: ${path}`, EXIT.io);
    }
    if (!isDir) return void files.push(path);
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (name === "claim.json") files.push(child);
    }
  };
  paths.forEach(walk);
  return files;
}

function contextFor(claimPath: string, explicit: string | true | undefined): unknown {
  if (typeof explicit === "string") return readJson(explicit);
  const beside = join(dirname(claimPath), "context.json");
  if (existsSync(beside)) return readJson(beside);
  throw new CliError(`no context for ${claimPath}: pass --context <file> or put context.json beside it`, EXIT.usage);
}

function adjudicateCommand(args: Args, out: (s: string) => void, err: (s: string) => void, explainMode: boolean): number {
  const ruleset = compile(args.flags.get("rules"), err);
  const formatFlag = explainMode ? "text" : (args.flags.get("format") ?? "json");
  if (formatFlag !== "json" && formatFlag !== "text") throw new CliError(`--format is json or text, not ${formatFlag}`, EXIT.usage);
  const evaluator = args.flags.get("evaluator") ?? "compiled";
  if (evaluator !== "compiled" && evaluator !== "reference") throw new CliError(`--evaluator is compiled or reference, not ${evaluator}`, EXIT.usage);
  if (args.positional.length === 0) throw new CliError("say which claim to adjudicate: a claim.json file or a folder of them", EXIT.usage);
  const trace = explainMode || args.flags.get("trace") === true;
  const files = claimFiles(args.positional);
  if (files.length === 0) throw new CliError(`no claim.json found in ${args.positional.join(", ")}`, EXIT.usage);
  let exit: number = EXIT.ok;
  const results: Result[] = [];
  for (const file of files) {
    const outcome = ruleset.adjudicate(readJson(file), contextFor(file, args.flags.get("context")), { trace, evaluator });
    if (!outcome.ok) {
      err(`${file}: the claim or its context is malformed:`);
      for (const issue of outcome.issues) err(`  ${issue.path}: ${issue.message}`);
      exit = EXIT.badInput;
      continue;
    }
    if (formatFlag === "text") out((files.length > 1 ? `── ${basename(dirname(file))}\n` : "") + explain(outcome.result));
    results.push(outcome.result);
  }
  if (formatFlag === "text" && results.length > 1) out(`\n${summarize(results)}`);
  if (formatFlag === "json") {
    if (files.length === 1 && results.length === 1) out(JSON.stringify(results[0], null, 2) + "\n");
    else for (const r of results) out(JSON.stringify(r) + "\n");
  }
  return exit;
}

function checkCommand(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  const [dir] = args.positional;
  if (!dir) throw new CliError("say which pack to check: edict check <pack folder>", EXIT.usage);
  const result = loadPack(dir);
  reportDiagnostics(result.diagnostics, err);
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    err(`${errors} error${errors === 1 ? "" : "s"}`);
    return EXIT.ruleErrors;
  }
  const p = result.ruleset.program;
  out(`${p.name} ${p.version}: ok — ${p.rules.length} rules, ${p.benefits.length} benefits, ${p.tables.length} tables (${p.tables.reduce((n, t) => n + t.rows.length, 0)} rows); hash ${p.hash.slice(0, 12)}\n`);
  // rows per table: what a payer checks after dropping in a new edition of a code list
  const names = p.tables.map((t) => `${t.pack}/${t.name}`);
  const counts = p.tables.map((t) => String(rowCount(t)));
  const [nameWidth, countWidth] = [Math.max(0, ...names.map((n) => n.length)), Math.max(0, ...counts.map((c) => c.length))];
  p.tables.forEach((t, i) => out(`  ${names[i].padEnd(nameWidth)}  ${counts[i].padStart(countWidth)} rows  ${t.path}${t.title ? ` — ${t.title}` : ""}\n`));
  return EXIT.ok;
}

function fmtCommand(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (args.positional.length === 0) throw new CliError("say which files to format: edict fmt <file.edict | pack>", EXIT.usage);
  const files = args.positional.flatMap((p) => {
    try {
      return statSync(p).isDirectory() ? readdirSync(p).filter((n) => n.endsWith(".edict")).sort().map((n) => join(p, n)) : [p];
    } catch {
      throw new CliError(`no such file or folder: ${p}`, EXIT.io);
    }
  });
  let exit: number = EXIT.ok;
  for (const file of files) {
    const text = readText(file);
    const formatted = format(text, file);
    if (formatted.diagnostics.some((d) => d.severity === "error")) {
      reportDiagnostics(formatted.diagnostics, err);
      exit = EXIT.ruleErrors;
      continue;
    }
    if (args.flags.get("check") === true) {
      if (formatted.text !== text) {
        err(`${file} is not formatted (run edict fmt --write ${file})`);
        exit = EXIT.ruleErrors;
      }
    } else if (args.flags.get("write") === true) {
      if (formatted.text !== text) writeFileSync(file, formatted.text);
    } else out(formatted.text);
  }
  return exit;
}

function buildCommand(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  const [dir] = args.positional;
  const target = args.flags.get("output");
  if (!dir || typeof target !== "string") throw new CliError("say which pack and where: edict build <pack> -o <file>", EXIT.usage);
  const compiled = loadPack(dir);
  reportDiagnostics(compiled.diagnostics, err);
  if (!compiled.ok) return EXIT.ruleErrors;
  const bytes = buildArtifact(compiled);
  try {
    writeFileSync(target, bytes);
  } catch {
    throw new CliError(`cannot write ${target}`, EXIT.io);
  }
  const rows = compiled.ruleset.program.tables.reduce((n, t) => n + t.rows.length, 0);
  out(`${target}: ${compiled.ruleset.name} ${compiled.ruleset.version}, ${rows} table rows, ${(bytes.length / 1e6).toFixed(1)} MB\n`);
  return EXIT.ok;
}

function exportCommand(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (args.flags.get("format") !== "json-rules-engine") throw new CliError("say the format: edict export --format json-rules-engine <pack>", EXIT.usage);
  const [dir] = args.positional;
  const ruleset = compile(dir, err);
  const exported = exportJsonRulesEngine(ruleset.program);
  reportDiagnostics(exported.diagnostics, err);
  err(`exported ${exported.rules.length} of ${ruleset.program.rules.length + ruleset.program.benefits.length} rules and benefits; ${exported.diagnostics.length} refused`);
  out(JSON.stringify(exported.rules, null, 2) + "\n");
  return args.flags.get("strict") === true && exported.diagnostics.length > 0 ? EXIT.ruleErrors : EXIT.ok;
}

function importCommand(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (args.flags.get("from") !== "json-rules-engine") throw new CliError("say the source format: edict import --from json-rules-engine <rules.json>", EXIT.usage);
  const [file] = args.positional;
  if (!file) throw new CliError("say which file to import", EXIT.usage);
  const name = args.flags.get("name");
  const imported = importJsonRulesEngine(readJson(file), typeof name === "string" ? name : basename(file).replace(/(\.jre)?\.json$/, ""));
  for (const d of imported.diagnostics) err(`${file}: ${d.path}: ${d.message}`);
  out(imported.source);
  return imported.diagnostics.length > 0 ? EXIT.ruleErrors : EXIT.ok;
}

export function run(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const [command, ...rest] = argv;
    if (!command || command === "--help" || command === "help" || command === "-h") {
      out(HELP);
      return command ? EXIT.ok : EXIT.usage;
    }
    const args = parseArgs(rest);
    if (args.flags.get("help")) {
      out(HELP);
      return EXIT.ok;
    }
    switch (command) {
      case "check":
        return checkCommand(args, out, err);
      case "adjudicate":
        if (args.positional.length === 1 && isNdjson(args.positional[0])) return batchCommand(args, out, err);
        return adjudicateCommand(args, out, err, false);
      case "explain":
        return adjudicateCommand(args, out, err, true);
      case "fmt":
        return fmtCommand(args, out, err);
      case "export":
        return exportCommand(args, out, err);
      case "build":
        return buildCommand(args, out, err);
      case "import":
        return importCommand(args, out, err);
      case "test":
        return testCommand(args, out, err);
      case "tables":
        return tablesCommand(args, out, err);
      case "diff":
        return diffCommand(args, out, err);
      case "estimate":
        return estimateCommand(args, out, err);
      default:
        throw new CliError(`unknown command "${command}" (commands: check, adjudicate, explain, fmt, build, export, import, test, diff, estimate)`, EXIT.usage);
    }
  } catch (e) {
    if (e instanceof CliError) {
      err(`edict: ${e.message}`);
      return e.code;
    }
    err(`edict: internal error: ${(e as Error)?.message ?? String(e)} — please report this with the command you ran`);
    return EXIT.internal;
  }
}
