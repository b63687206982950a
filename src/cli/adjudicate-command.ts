// `edict adjudicate`: decides claims. Claim files or folders of them: one result (indented
// JSON, or the readable explanation with --format text) or one JSON result a line for several.
// Other inputs, told apart by the operands, are INPUT_KINDS: one `.ndjson` file is a batch run
// (./batch-command.ts). `edict explain` (./explain-command.ts) is this with the text
// explanation and the trace.
import { readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname, basename } from "node:path";
import type { Result } from "../index.js";
import { formatFixes, suggestFixes, type FixHint } from "../fixes/fixes.js";
import { explain, summarize } from "../trace/explain.js";
import { defineCommand, type Io, type Values } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { loadRules, readJsonFile, ruleLoading, RULE_LOADING_OPTIONS, type RuleLoading } from "./support.js";
import type { Limits } from "../common/limits.js";
import { BATCH_OPTIONS, batchInput } from "./batch-command.js";
import { FHIR_OPTIONS, fhirInput } from "./fhir-command.js";
import { X12_OPTIONS, x12Input } from "./x12-command.js";

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

function contextFor(claimPath: string, explicit: string | undefined, limits: Partial<Limits> | undefined): unknown {
  if (explicit !== undefined) return readJsonFile(explicit, limits);
  const beside = join(dirname(claimPath), "context.json");
  if (existsSync(beside)) return readJsonFile(beside, limits);
  throw usageError(`no context for ${claimPath}: pass --context <file> or put context.json beside it`);
}

export interface ClaimRun {
  rules: string | undefined;
  context: string | undefined;
  format: "json" | "text";
  trace: boolean;
  evaluator: "compiled" | "reference";
  paths: string[];
  /** --require-signature, --allow-path, --limit */
  loading?: RuleLoading;
  /** --fixes: add the verified fix hints of each denied or pended line (src/fixes) */
  fixes?: boolean;
}

/** adjudicates claim files one by one; a malformed claim is reported and makes the exit code 2 */
export function adjudicateClaims(o: ClaimRun, { out, err }: Io): number {
  const ruleset = loadRules(o.rules, err, "--rules", o.loading);
  const limits = o.loading?.limits;
  if (o.paths.length === 0) throw usageError("say which claim to adjudicate: a claim.json file or a folder of them");
  const files = claimFiles(o.paths);
  if (files.length === 0) throw usageError(`no claim.json found in ${o.paths.join(", ")}`);
  let exit: number = EXIT.ok;
  const results: Result[] = [];
  for (const file of files) {
    const claim = readJsonFile(file, limits);
    const context = contextFor(file, o.context, limits);
    const options = { trace: o.trace, evaluator: o.evaluator, limits };
    const outcome = o.fixes ? suggestFixes(ruleset, claim, context, options) : ruleset.adjudicate(claim, context, options);
    if (!outcome.ok) {
      err(`${file}: the claim or its context is malformed:`);
      for (const issue of outcome.issues) err(`  ${issue.path}: ${issue.message}`);
      exit = EXIT.badInput;
      continue;
    }
    const fixes: FixHint[] | null = "fixes" in outcome ? (outcome.fixes as FixHint[]) : null;
    if (o.format === "text")
      out((files.length > 1 ? `── ${basename(dirname(file))}\n` : "") + explain(outcome.result) + (fixes ? formatFixes(outcome.result, fixes) : ""));
    // with --fixes the JSON result carries them last, as docs/CONTRACT.md "Fix hints" says
    results.push(fixes ? ({ ...outcome.result, fixes } as Result & { fixes: FixHint[] }) : outcome.result);
  }
  if (o.format === "text" && results.length > 1) out(`\n${summarize(results)}`);
  if (o.format === "json") {
    if (files.length === 1 && results.length === 1) out(JSON.stringify(results[0], null, 2) + "\n");
    else for (const r of results) out(JSON.stringify(r) + "\n");
  }
  return exit;
}

export const CLAIM_OPTIONS = {
  rules: { type: "string", value: "<pack>", help: "the rules: a pack folder or an artifact of edict build" },
  context: { type: "string", value: "<file>", help: "the context of every claim (else context.json beside each claim)" },
  evaluator: { type: "string", choices: ["compiled", "reference"], default: "compiled", help: "the compiled evaluator or the reference interpreter" },
  fixes: { type: "boolean", help: "for each denied or pended line, the corrections that would pay it, each verified by adjudicating the corrected claim" },
  ...RULE_LOADING_OPTIONS,
} as const;

/** every option of `edict adjudicate`: those of claim files, then those of each input kind */
const ADJUDICATE_OPTIONS = {
  ...CLAIM_OPTIONS,
  format: {
    type: "string",
    choices: ["json", "text", "fhir", "fhir-eob", "x12"],
    default: "json",
    help: "json: the results; text: the readable explanation; fhir: a FHIR ClaimResponse; fhir-eob: a FHIR ExplanationOfBenefit; x12: an 835 (837 input)",
  },
  trace: { type: "boolean", help: "add the trace: which rule decided what, with its source position" },
  ...BATCH_OPTIONS,
  ...FHIR_OPTIONS,
  ...X12_OPTIONS,
  // FHIR and X12 both take it
  received: {
    type: "string",
    value: "<date>",
    help: "FHIR, X12: the date the claims were received (FHIR: else clmrecvddate, else created; X12: else the 837's GS04)",
  },
} as const;

export type AdjudicateValues = Values<typeof ADJUDICATE_OPTIONS>;

/**
 * An input `edict adjudicate` tells apart by its operands, other than claim files (what no kind
 * accepts). A new one is an entry in INPUT_KINDS, with its options added to ADJUDICATE_OPTIONS.
 */
export interface InputKind {
  /** for messages, e.g. "a batch run (one .ndjson file)" */
  name: string;
  accepts(operands: readonly string[], values: AdjudicateValues): boolean;
  /** the options only this kind takes (keys of ADJUDICATE_OPTIONS) */
  options: readonly string[];
  run(values: AdjudicateValues, operands: string[], io: Io): number | Promise<number>;
}

const INPUT_KINDS: readonly InputKind[] = [batchInput, fhirInput, x12Input];

export const adjudicateCommand = defineCommand({
  name: "adjudicate",
  summary: "decide claims: one, a folder of them, or a batch (.ndjson)",
  usage: [
    "--rules <pack> [--context <file>] [--trace] [--fixes] [--format json|text] [--evaluator compiled|reference] <claim.json | folder>...",
    "--rules <pack> [--context <file>] [--output <file> [--resume]] [--workers N] [--summary-json <file>] <claims.ndjson>",
    "--rules <pack> [--context <file>] [--format fhir|fhir-eob|json|text] [--received <date>] [--network in|out] [--validate] [--trace] <Claim | Bundle .json>...",
    "--rules <pack> --context <file> [--providers <csv>] [--received <date>] [--format x12|json|text] [--output <file>] [--ack <file>] [--control-number N] [--payer <profile.json>] <claims.837>",
  ],
  options: ADJUDICATE_OPTIONS,
  notes: `With one claim the result is indented JSON; with several, one JSON result a line.
Given one .ndjson (or .jsonl) file — a claim a line, or {"claim", "context"} records — it is
a batch run: each member's claims in service-date order, carrying accumulators, history and
authorizations forward; one result a line, in that order; a summary at the end (stdout with
--output, else stderr). A malformed claim or record is reported and the exit code is 2.
A .json file holding a FHIR resource (a Claim, or a Bundle of claims) is read as FHIR;
--format fhir answers with a ClaimResponse, fhir-eob with a CARIN Blue Button
ExplanationOfBenefit (a Bundle in, a Bundle out); a Claim with use = preauthorization gets a
prior-authorization decision. Problems are named at their FHIRPath.
Given one X12 837 (.837, .x12, .edi, or a file starting with ISA), its claims are read
(src/interop/x12/README.md): --context is one context or {"members": {"<member id>": context}},
--providers the network directory; --format x12 writes the 835 (pended claims left out and
listed on stderr), --ack the 999; a claim that cannot be read is listed and the exit code is 2.`,
  run({ values, operands }, io) {
    const kind = INPUT_KINDS.find((k) => k.accepts(operands, values));
    const given = (name: string) => {
      const v = (values as Record<string, string | boolean | undefined>)[name];
      return v !== undefined && v !== false;
    };
    if (values.format === "x12" && kind !== x12Input) throw usageError("--format x12 writes an 835: it is for an 837 input");
    for (const other of INPUT_KINDS) {
      if (other === kind) continue;
      const misplaced = other.options.filter((o) => given(o) && !kind?.options.includes(o));
      if (misplaced.length) throw usageError(`${misplaced.map((k) => `--${k}`).join(", ")}: for ${other.name}, not for ${kind ? kind.name : "claim files"}`);
    }
    if (kind && values.fixes) throw usageError(`--fixes: for claim files, not for ${kind.name}`);
    if (kind) return kind.run(values, operands, io);
    return adjudicateClaims(
      // (--format x12 was refused above: it needs an 837)
      {
        rules: values.rules,
        context: values.context,
        format: values.format === "text" ? "text" : "json",
        trace: values.trace,
        evaluator: values.evaluator,
        paths: operands,
        loading: ruleLoading(values),
        fixes: values.fixes,
      },
      io,
    );
  },
});
