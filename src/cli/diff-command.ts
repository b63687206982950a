// `edict diff --base <old pack> --head <new pack> [--context f] [--format text|json] <claims.ndjson>`:
// adjudicates every record of the file with both versions of the rules and reports the claims
// and lines whose status, reason or amounts change, each with the rule responsible (from the
// two traces), then counts and money deltas by rule. Each claim is taken as given with its own
// context (nothing is carried between claims, unlike a batch run), so a change shows on the
// claims it touches. Streams in input order with flat memory: the changed claims are written as
// they are found (text: one paragraph each; JSON: one document whose `claims` array streams),
// the summary comes last.
import { existsSync } from "node:fs";
import { parseDefaultContext, parseRecord } from "../batch/runner.js";
import { compareClaim, claimChangeText, DiffReport, type ClaimChange } from "../batch/diff.js";
import { LineReader } from "./batch-io.js";
import { defineCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { loadRules, readJsonFile, ruleLoading, RULE_LOADING_OPTIONS } from "./support.js";
import type { InputIssue, Result } from "../model/types.js";

export const diffCommand = defineCommand({
  name: "diff",
  summary: "what a rules change does: the claims and lines it changes, by rule",
  usage: ["--base <old pack> --head <new pack> [--context <file>] [--format text|json] <claims.ndjson>"],
  options: {
    base: { type: "string", value: "<pack>", help: "the rules as they are" },
    head: { type: "string", value: "<pack>", help: "the rules as they would be" },
    context: { type: "string", value: "<file>", help: "the context of records that carry none" },
    format: { type: "string", choices: ["text", "json"], default: "text", help: "text: a report; json: one document, streamed" },
    ...RULE_LOADING_OPTIONS,
  },
  notes:
    "Each record is adjudicated as given, with its own context; nothing is carried between\nclaims. A malformed record is reported and the exit code is 2.",
  run({ values, operands }, { out, err }) {
    const format = values.format;
    const [input, ...extra] = operands;
    if (!input || extra.length) throw usageError("say which claims to compare: edict diff --base <pack> --head <pack> <claims.ndjson>");
    const loading = ruleLoading(values);
    const base = loadRules(values.base, err, "--base", loading);
    const head = loadRules(values.head, err, "--head", loading);
    if (!existsSync(input)) throw new CliError(`no such file: ${input}`, EXIT.io);
    const contextFile = values.context;
    const contextJson = contextFile === undefined ? undefined : readJsonFile(contextFile, loading.limits);
    const baseContext = parseDefaultContext(base, contextJson, loading.limits);
    const headContext = parseDefaultContext(head, contextJson, loading.limits);
    for (const c of [baseContext, headContext]) {
      if (c && !c.ok) {
        err(`${contextFile}: the context is malformed:`);
        for (const i of c.issues) err(`  ${i.path}: ${i.message}`);
        return EXIT.badInput;
      }
    }

    const report = new DiffReport();
    let buffer: string[] = [];
    let size = 0;
    const emit = (s: string) => {
      buffer.push(s);
      size += s.length;
      if (size > 1 << 16) flush();
    };
    const flush = () => {
      if (buffer.length) out(buffer.join(""));
      buffer = [];
      size = 0;
    };
    const id = (r: typeof base) => ({ name: r.name, version: r.version, hash: r.hash });
    let first = true;
    const item = (json: string) => {
      emit(first ? `\n  ${json}` : `,\n  ${json}`);
      first = false;
    };
    if (format === "json") emit(`{"base":${JSON.stringify(id(base))},"head":${JSON.stringify(id(head))},"claims":[`);
    else emit(`base ${base.name} ${base.version} (${base.hash.slice(0, 12)}) → head ${head.name} ${head.version} (${head.hash.slice(0, 12)})\n\n`);

    const reader = new LineReader(input);
    try {
      for (let text = reader.next(); text !== null; text = reader.next()) {
        if (text.trim() === "") continue;
        const line = reader.lineNumber;
        const b = parseRecord(text, base, baseContext, loading.limits);
        const h = parseRecord(text, head, headContext, loading.limits);
        let results: { br: Result; hr: Result; change: ClaimChange | null } | { issues: InputIssue[]; claimId: string } | null = null;
        if (b.ok && h.ok) {
          try {
            const br = base.adjudicateParsed(b.claim, b.context);
            const hr = head.adjudicateParsed(h.claim, h.context);
            const change = compareClaim(line, br, hr, () => ({
              base: base.adjudicateParsed(b.claim, b.context, { trace: true }).trace ?? [],
              head: head.adjudicateParsed(h.claim, h.context, { trace: true }).trace ?? [],
            }));
            results = { br, hr, change };
          } catch (e) {
            // one claim the engine cannot finish is reported, and the comparison goes on
            results = { issues: [{ path: "claim", message: `could not be adjudicated: ${e instanceof Error ? e.message : String(e)}` }], claimId: b.claim.id };
          }
        }
        if (!b.ok || !h.ok || (results && "issues" in results)) {
          report.addMalformed();
          const issues = !b.ok ? b.issues : !h.ok ? h.issues : results && "issues" in results ? results.issues : [];
          const claimId = !b.ok ? b.claimId : !h.ok ? h.claimId : results && "issues" in results ? results.claimId : null;
          if (format === "json") item(JSON.stringify({ error: claimId === null ? { line, issues } : { line, claimId, issues } }));
          else emit(`input line ${line}${claimId ? ` (${claimId})` : ""} is malformed: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}\n`);
          continue;
        }
        const { br, hr, change } = results as { br: Result; hr: Result; change: ClaimChange | null };
        report.add(br, hr, change);
        if (!change) continue;
        if (format === "json") item(JSON.stringify(change));
        else emit(claimChangeText(change));
      }
    } finally {
      reader.close();
    }
    if (format === "json") emit(`${first ? "" : "\n"}],\n"summary":${JSON.stringify(report.toJson(), null, 2)}}\n`);
    else emit(`${report.toJson().changedClaims ? "\n" : ""}${report.toText()}`);
    flush();
    return report.toJson().malformed > 0 ? EXIT.badInput : EXIT.ok;
  },
});
