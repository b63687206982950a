// The workbench's work inside the checker worker: runs the entry pack's tests/*.json with the
// compiled evaluator and coverage (src/testing, as `edict test` does), and compares two versions
// of the rules on claims (src/batch/diff.ts, as `edict diff` does), streaming a picked NDJSON
// file and reporting progress.
import type { CompileOutput } from "../../index.js";
import { compilePack } from "../../index.js";
import type { Program } from "../../ir/ir.js";
import type { Result, InputIssue } from "../../model/types.js";
import { runTests, formatOutcome, formatSummary } from "../../testing/run-tests.js";
import { conditionsOf, coverageGaps, type CoverageReport } from "../../testing/coverage.js";
import { parseDefaultContext, parseRecord } from "../../batch/runner.js";
import { compareClaim, DiffReport, type ClaimChange } from "../../batch/diff.js";
import type {
  CoverageMark,
  ImpactClaim,
  ImpactProgress,
  ImpactReply,
  ImpactSource,
  MalformedRecord,
  TestCaseReport,
  TestsReply,
  WorkbenchRequest,
} from "./protocol.js";

/** changed claims whose two results are kept for the side-by-side view; beyond, only the change */
const KEEP_SIDES = 200;
/** changed claims listed at all (a big file's report stays small); the summary counts every one */
const LIST_LIMIT = 2000;

export type Compile = (version: number, entry: string, files: Record<string, string>) => CompileOutput;

export function isWorkbenchRequest(request: { kind: string }): request is WorkbenchRequest {
  return request.kind === "tests" || request.kind === "impact";
}

export function handleWorkbench(request: WorkbenchRequest, compile: Compile, progress: (p: ImpactProgress) => void): TestsReply | Promise<ImpactReply> {
  if (request.kind === "tests") return runPackTests(request.version, request.entry, request.files, compile);
  return impact(request, progress);
}

// ------------------------------------------------------------------ tests

/** the entry pack's test cases: `<entry>/tests/*.json`, as `edict test <entry>` reads them */
export function testFilesOf(entry: string, files: Record<string, string>): string[] {
  const folder = `${entry}/tests/`;
  return Object.keys(files)
    .filter((p) => p.startsWith(folder) && p.endsWith(".json") && !p.slice(folder.length).includes("/"))
    .sort();
}

function runPackTests(version: number, entry: string, files: Record<string, string>, compile: Compile): TestsReply {
  const started = performance.now();
  const names = testFilesOf(entry, files);
  if (!names.length) return { kind: "no-tests", folder: `${entry}/tests` };
  const output = compile(version, entry, files);
  if (!output.ok) return { kind: "rule-errors", diagnostics: output.diagnostics };
  const parsed: Record<string, unknown> = {};
  const unreadable: TestCaseReport[] = [];
  for (const name of names) {
    try {
      parsed[name] = JSON.parse(files[name]);
    } catch (e) {
      const errors = [`not valid JSON: ${(e as Error).message}`];
      unreadable.push({ name, description: "", status: "invalid", errors, differences: [], text: `INVALID ${name}: not a valid test case\n  ${errors[0]}\n` });
    }
  }
  const run = runTests(output.ruleset, parsed);
  const outcomes: TestCaseReport[] = [
    ...run.outcomes.map((o) => ({
      name: o.name,
      description: o.description,
      status: o.status,
      errors: o.errors,
      differences: o.differences,
      text: formatOutcome(o),
    })),
    ...unreadable,
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const coverage = run.coverage!;
  return {
    kind: "run",
    outcomes,
    passed: run.passed,
    failed: run.failed,
    invalid: run.invalid + unreadable.length,
    summary: formatSummary({ ...run, invalid: run.invalid + unreadable.length }),
    gaps: coverageGaps(coverage),
    marks: coverageMarks(output.ruleset.program, coverage),
    coverage: { rules: coverage.rules, branches: coverage.branches },
    millis: performance.now() - started,
  };
}

/**
 * Each gap of the report placed at its source: the items are in the collector's order
 * (precedence rules, rules, benefits) and their conditions in `conditionsOf` order, so the
 * program gives each its span. The wording is coverageGaps' own, asked one gap at a time.
 */
export function coverageMarks(program: Program, report: CoverageReport): CoverageMark[] {
  const declared = [...program.precedence, ...program.rules, ...program.benefits];
  const marks: CoverageMark[] = [];
  report.items.forEach((item, i) => {
    const decl = declared[i];
    if (!decl || `${decl.pack}/${decl.id}` !== item.name) return;
    for (const message of coverageGaps({ ...report, items: [{ ...item, conditions: [] }] }))
      marks.push({ kind: "item", name: item.name, span: decl.span, message });
    const conditions = decl.when ? conditionsOf(decl.when) : [];
    item.conditions.forEach((condition, j) => {
      const expr = conditions[j];
      if (!expr) return;
      // only this condition's gap: the item itself counted as covered so its own gap is not repeated
      const alone = { ...item, fired: 1, notFired: item.notFired === null ? null : 1, conditions: [condition] };
      for (const message of coverageGaps({ ...report, items: [alone] })) marks.push({ kind: "condition", name: item.name, span: expr.span, message });
    });
  });
  return marks;
}

// ------------------------------------------------------------------ impact

/** the records of a source, one NDJSON text at a time with its line number, reporting how far it got */
async function* records(source: ImpactSource, step: (done: number, total: number) => void): AsyncGenerator<{ line: number; text: string; name?: string }> {
  if (source.kind === "records") {
    for (const [i, r] of source.records.entries()) {
      step(i, source.records.length);
      yield { line: i + 1, text: JSON.stringify({ claim: r.claim, context: r.context }), name: r.name };
    }
    step(source.records.length, source.records.length);
    return;
  }
  const total = source.file.size;
  const reader = source.file.stream().getReader();
  const decoder = new TextDecoder();
  let pending = "";
  let line = 0;
  let done = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    done += chunk.value.byteLength;
    pending += decoder.decode(chunk.value, { stream: true });
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const text of parts) {
      line++;
      yield { line, text: text.replace(/\r$/, "") };
    }
    step(done, total);
  }
  pending += decoder.decode();
  if (pending) yield { line: line + 1, text: pending.replace(/\r$/, "") };
  step(total, total);
}

async function impact(request: Extract<WorkbenchRequest, { kind: "impact" }>, progress: (p: ImpactProgress) => void): Promise<ImpactReply> {
  const started = performance.now();
  const baseOut = compilePack(request.base.entry, request.base.files);
  if (!baseOut.ok) return { kind: "rule-errors", side: "base", diagnostics: baseOut.diagnostics };
  const headOut = compilePack(request.head.entry, request.head.files);
  if (!headOut.ok) return { kind: "rule-errors", side: "head", diagnostics: headOut.diagnostics };
  const base = baseOut.ruleset;
  const head = headOut.ruleset;
  const baseContext = parseDefaultContext(base, request.defaultContext);
  const headContext = parseDefaultContext(head, request.defaultContext);

  const report = new DiffReport();
  const changes: ImpactClaim[] = [];
  const malformed: MalformedRecord[] = [];
  let more = 0;
  let count = 0;
  let lastPost = 0;
  const step = (done: number, total: number) => {
    const now = performance.now();
    if (now - lastPost < 100 && done < total) return;
    lastPost = now;
    progress({ records: count, changed: changes.length + more, done, total });
  };
  // each record adjudicated as given by both versions, as `edict diff` does (src/cli/diff-command.ts)
  for await (const { line, text, name } of records(request.source, step)) {
    if (text.trim() === "") continue;
    count++;
    const b = parseRecord(text, base, baseContext);
    const h = parseRecord(text, head, headContext);
    if (!b.ok || !h.ok) {
      report.addMalformed();
      const bad = !b.ok ? b : (h as Extract<typeof h, { ok: false }>);
      malformed.push({ line, claimId: bad.claimId, issues: bad.issues });
      continue;
    }
    let br: Result;
    let hr: Result;
    let change: ClaimChange | null;
    let traced: { base: Result; head: Result } | null = null;
    try {
      br = base.adjudicateParsed(b.claim, b.context);
      hr = head.adjudicateParsed(h.claim, h.context);
      change = compareClaim(line, br, hr, () => {
        traced = { base: base.adjudicateParsed(b.claim, b.context, { trace: true }), head: head.adjudicateParsed(h.claim, h.context, { trace: true }) };
        return { base: traced.base.trace ?? [], head: traced.head.trace ?? [] };
      });
    } catch (e) {
      report.addMalformed();
      const issues: InputIssue[] = [{ path: "claim", message: `could not be adjudicated: ${e instanceof Error ? e.message : String(e)}` }];
      malformed.push({ line, claimId: b.claim.id, issues });
      continue;
    }
    report.add(br, hr, change);
    if (!change) continue;
    if (changes.length >= LIST_LIMIT) {
      more++;
      continue;
    }
    const kept = traced as { base: Result; head: Result } | null;
    const item: ImpactClaim = { ...change, ...(name !== undefined ? { name } : {}) };
    if (changes.length < KEEP_SIDES && kept) {
      const record = JSON.parse(text) as Record<string, unknown>;
      item.sides = { claim: Object.hasOwn(record, "claim") ? record.claim : record, base: kept.base, head: kept.head };
    }
    changes.push(item);
  }
  return { kind: "impact", changes, more, malformed, summary: report.toJson(), text: report.toText(), millis: performance.now() - started };
}
