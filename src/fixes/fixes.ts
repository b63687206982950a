// Fix hints for denials (docs/CONTRACT.md "Fix hints", grammar/SEMANTICS.md §9): for each
// denied or pended line, the corrections that would let it pay. Candidates come from what the
// deciding rule or step read — the facts of its trace entry, the code sets and tables its
// condition names, its phase — not from rule names; each candidate is kept only when
// adjudicating the corrected claim pays the line and leaves every paid line paid. Pure: no
// clock, no I/O; the same input gives the same hints in the same order.
import type { Ruleset, AdjudicateOptions } from "../engine/ruleset.js";
import { irChildren, type IrExpr, type Program } from "../ir/ir.js";
import { codeSetMembers, type CodeSet } from "../ir/codeset.js";
import { rowActiveOn, rowAt, rowCount, type Table } from "../ir/table.js";
import { matchesPattern } from "../runtime/values.js";
import { contextIssues, parseClaim, parseContext } from "../model/schemas.js";
import { displayDiagnosis } from "../model/codes.js";
import { formatDate } from "../model/dates.js";
import type { Authorization, Claim, ClaimStatus, Context, InputIssue, Result, TraceEntry } from "../model/types.js";
import type { ContractSchemas } from "../model/schemas.js";
import type * as z from "zod";

/** one correction, in the contract's terms (dates "YYYY-MM-DD", diagnoses with their dot) */
export type FixChange =
  | { kind: "modifier"; lineNumber: number; add: string }
  | { kind: "units"; lineNumber: number; from: number; to: number }
  /** point the line at `diagnosis` (the claim's diagnosis number `pointer`; `addedToClaim`: it was not on the claim) */
  | { kind: "diagnosis"; lineNumber: number; diagnosis: string; pointer: number; addedToClaim: boolean }
  /** an authorization in the context: `existing` is the number of the one changed, null for a new one */
  | {
      kind: "authorization";
      existing: string | null;
      authorization: { number: string; codes: string[]; from: string; to: string; units: number; used: number };
    }
  | { kind: "receivedDate"; from: string; to: string };

export interface FixHint {
  lineNumber: number;
  /** the line's outcome before the correction */
  was: { status: "denied" | "pended"; reason: string };
  /** the rule ("pack/id") or built-in step ("pack/benefit", "pack/plan") that decided it, and its phase */
  decidedBy: { rule: string; phase: string };
  change: FixChange;
  /** what re-adjudicating the corrected claim gave: the line paid this much */
  verified: { status: "paid"; paid: string; claimStatus: ClaimStatus };
  /** the hint in words, e.g. "with modifier 59 on line 2, line 2 pays 45.00 — verified by re-adjudication" */
  message: string;
}

// compile-time check that schemas/fixes.schema.json (FixHintsSchema) describes FixHint exactly
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.output<ContractSchemas["FixHintsSchema"]>, FixHint[]> = true;
void schemaMatchesType;

export interface FixOptions {
  evaluator?: AdjudicateOptions["evaluator"];
  limits?: AdjudicateOptions["limits"];
  /** at most this many hints per line (default 5) */
  maxPerLine?: number;
}

export type FixOutcome = { ok: true; result: Result; fixes: FixHint[] } | { ok: false; issues: InputIssue[] };

/** candidate adjudications tried per line at most: bounds the work whatever the tables hold */
const MAX_TRIES_PER_LINE = 40;
/** diagnoses proposed from a necessity-style table when none on the claim fits */
const MAX_TABLE_DIAGNOSES = 3;
/** modifiers tried per line: a large modifier set must leave tries for the other kinds of hint */
const MAX_MODIFIERS_TRIED = 10;
/**
 * Modifiers NCCI names for a distinct procedural service (NCCI Policy Manual, Chapter I): tried
 * first when the deciding rule's modifier set holds them, then the rest of the set in its order.
 */
const DISTINCT_SERVICE_MODIFIERS = ["59", "XE", "XS", "XP", "XU"];

/** validates the claim and context (JSON), adjudicates with a trace, and adds the fix hints */
export function suggestFixes(ruleset: Ruleset, claimJson: unknown, contextJson: unknown, options: FixOptions & { trace?: boolean } = {}): FixOutcome {
  const claim = parseClaim(claimJson, { limits: options.limits });
  const context = parseContext(contextJson, { accumulators: ruleset.program.accumulators, limits: options.limits });
  if (!claim.ok || !context.ok) return { ok: false, issues: [...(claim.ok ? [] : claim.issues), ...(context.ok ? [] : contextIssues(context.issues))] };
  try {
    const result = ruleset.adjudicateParsed(claim.claim, context.context, { trace: true, evaluator: options.evaluator });
    const fixes = fixesFor(ruleset, claim.claim, context.context, result, options);
    if (!options.trace) delete result.trace;
    return { ok: true, result, fixes };
  } catch (e) {
    return { ok: false, issues: [{ path: "claim", message: `could not be adjudicated: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

/**
 * The hints for a claim already parsed and adjudicated: `result` must carry its trace (it names
 * the deciding rule of each line). Lines in line-number order, each line's hints in the order
 * modifier, units, diagnosis, authorization, received date.
 */
export function fixesFor(ruleset: Ruleset, claim: Claim, context: Context, result: Result, options: FixOptions = {}): FixHint[] {
  if (!result.trace) throw new Error("fix hints need the result's trace: adjudicate with { trace: true }");
  const max = options.maxPerLine ?? 5;
  const hints: FixHint[] = [];
  for (const line of result.lines) {
    if (line.status === "paid" || line.reason === null) continue;
    const entry = decidingEntry(result.trace, line.lineNumber, line.status, line.reason);
    if (!entry) continue;
    const was = { status: line.status, reason: line.reason };
    const decidedBy = { rule: entry.rule, phase: entry.phase };
    let tries = 0;
    const verify = (c: Candidate): FixHint | null => {
      if (tries >= MAX_TRIES_PER_LINE) return null;
      tries++;
      const after = ruleset.adjudicateParsed(c.claim, c.context, { evaluator: options.evaluator });
      const fixed = after.lines.find((l) => l.lineNumber === line.lineNumber);
      if (fixed?.status !== "paid") return null;
      // a correction that costs another line its payment is no fix
      for (const before of result.lines) {
        if (before.status === "paid" && after.lines.find((l) => l.lineNumber === before.lineNumber)?.status !== "paid") return null;
      }
      return {
        lineNumber: line.lineNumber,
        was,
        decidedBy,
        change: c.change,
        verified: { status: "paid", paid: fixed.paid, claimStatus: after.status },
        message: `with ${c.words}, line ${line.lineNumber} pays ${fixed.paid} — verified by re-adjudication`,
      };
    };
    const lineHints: FixHint[] = [];
    for (const generate of GENERATORS) {
      if (lineHints.length >= max) break;
      for (const hint of generate({ program: ruleset.program, claim, context, entry, lineNumber: line.lineNumber, verify })) {
        lineHints.push(hint);
        if (lineHints.length >= max) break;
      }
    }
    hints.push(...lineHints);
  }
  return hints;
}

/** the trace entry that gave the line its final status and reason: the last one that changed it to that */
function decidingEntry(trace: readonly TraceEntry[], lineNumber: number, status: "denied" | "pended", reason: string): TraceEntry | null {
  const verb = status === "denied" ? "deny" : "pend";
  let found: TraceEntry | null = null;
  for (const e of trace) {
    if (e.lineNumber !== lineNumber || e.action.includes("(already")) continue;
    const head = `${verb} ${reason}`;
    if (e.action === head || e.action.startsWith(head + " ") || e.action.startsWith(head + ":")) found = e;
  }
  return found;
}

interface Candidate {
  claim: Claim;
  context: Context;
  change: FixChange;
  /** the correction as the hint words it: "modifier 59 on line 2" */
  words: string;
}

interface Attempt {
  program: Program;
  claim: Claim;
  context: Context;
  entry: TraceEntry;
  lineNumber: number;
  verify(c: Candidate): FixHint | null;
}

type Generator = (a: Attempt) => Iterable<FixHint>;

const readFact = (entry: TraceEntry, name: string) => entry.facts.some((f) => f.fact === name);

function cloneClaim(claim: Claim): Claim {
  return {
    ...claim,
    diagnoses: [...claim.diagnoses],
    lines: claim.lines.map((l) => ({ ...l, modifiers: [...l.modifiers], diagnosisPointers: [...l.diagnosisPointers], diagnoses: [...l.diagnoses] })),
  };
}

function withLine(claim: Claim, lineNumber: number, change: (line: Claim["lines"][number], claim: Claim) => void): Claim {
  const copy = cloneClaim(claim);
  change(copy.lines.find((l) => l.lineNumber === lineNumber)!, copy);
  return copy;
}

/** the IR of the deciding rule's condition (null for a built-in step) */
function ruleCondition(program: Program, rule: string): IrExpr | null {
  const found = program.rules.find((r) => `${r.pack}/${r.id}` === rule);
  return found ? found.when : null;
}

function walk(expr: IrExpr, visit: (e: IrExpr) => void): void {
  visit(expr);
  for (const child of irChildren(expr)) walk(child, visit);
}

// ---------------------------------------------------------------- modifiers

/** the deciding rule read the line's modifiers and tests them against a modifier code set: add one of its members */
function* modifierFixes(a: Attempt): Iterable<FixHint> {
  if (!readFact(a.entry, "line.modifiers")) return;
  const when = ruleCondition(a.program, a.entry.rule);
  if (!when) return;
  const sets: CodeSet[] = [];
  walk(when, (e) => {
    if (e.op === "inSet" && e.element.type.t === "code" && e.element.type.kind === "modifier" && !sets.includes(e.set)) sets.push(e.set);
  });
  const members = sets.flatMap((s) => codeSetMembers(s).filter((m) => !m.includes("..") && !m.endsWith("*")));
  const ordered = [...DISTINCT_SERVICE_MODIFIERS.filter((m) => members.includes(m)), ...members.filter((m) => !DISTINCT_SERVICE_MODIFIERS.includes(m))];
  const line = a.claim.lines.find((l) => l.lineNumber === a.lineNumber)!;
  const untried = [...new Set(ordered)].filter((m) => !line.modifiers.includes(m)).slice(0, MAX_MODIFIERS_TRIED);
  for (const modifier of untried) {
    const hint = a.verify({
      claim: withLine(a.claim, a.lineNumber, (l) => l.modifiers.push(modifier)),
      context: a.context,
      change: { kind: "modifier", lineNumber: a.lineNumber, add: modifier },
      words: `modifier ${modifier} on line ${a.lineNumber}`,
    });
    if (hint) yield hint;
  }
}

// ---------------------------------------------------------------- units

/** the deciding rule read the line's units: the most units below the billed ones that pay */
function* unitFixes(a: Attempt): Iterable<FixHint> {
  if (!readFact(a.entry, "line.units")) return;
  const billed = a.claim.lines.find((l) => l.lineNumber === a.lineNumber)!.units;
  const attempt = (units: number) =>
    a.verify({
      claim: withLine(a.claim, a.lineNumber, (l) => void (l.units = units)),
      context: a.context,
      change: { kind: "units", lineNumber: a.lineNumber, from: billed, to: units },
      words: `${units} unit${units === 1 ? "" : "s"} instead of ${billed} on line ${a.lineNumber}`,
    });
  const best = largest(1, billed - 1, attempt);
  if (best) yield best;
}

/**
 * The hint for the largest value in [lo, hi] that verifies, searching by halves: fewer units (an
 * earlier receipt) never turn a paid line denied in the edits this serves. Only verified hints
 * are returned, so a rule where that does not hold gives fewer hints, never a wrong one.
 */
function largest(lo: number, hi: number, attempt: (n: number) => FixHint | null): FixHint | null {
  if (hi < lo) return null;
  const top = attempt(hi);
  if (top) return top;
  let found: FixHint | null = null;
  let high = hi - 1;
  while (lo <= high) {
    const mid = lo + Math.floor((high - lo) / 2);
    const hint = attempt(mid);
    if (hint) {
      found = hint;
      lo = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

// ---------------------------------------------------------------- diagnoses

/**
 * The deciding rule read the line's diagnoses and looks up a table by the line's code whose rows
 * name diagnoses (codes or patterns): point the line at a claim diagnosis that a row names, else
 * add a diagnosis a row names (a pattern made concrete from a diagnosis code table of the program).
 */
function* diagnosisFixes(a: Attempt): Iterable<FixHint> {
  if (!readFact(a.entry, "line.diagnoses")) return;
  const when = ruleCondition(a.program, a.entry.rule);
  if (!when) return;
  const line = a.claim.lines.find((l) => l.lineNumber === a.lineNumber)!;
  const supports: string[] = [];
  walk(when, (e) => {
    if (e.op !== "lookup" || e.keys.length !== 1 || e.keys[0]!.text !== "line.code") return;
    const columns = e.table.columns.filter((c) => !c.key && (c.type === "diagnosis" || c.type === "pattern"));
    if (!columns.length) return;
    for (let i = 0; i < rowCount(e.table); i++) {
      const row = rowAt(e.table, i);
      if (row[e.table.keyColumns[0]!] !== line.code || !rowActiveOn(e.table, row, line.serviceDate)) continue;
      for (const c of columns) {
        const v = row[c.name];
        if (typeof v === "string" && !supports.includes(v)) supports.push(v);
      }
    }
  });
  if (!supports.length) return;
  const supported = (code: string) => supports.some((p) => matchesPattern(code, p));
  // first the claim's own diagnoses the line does not point at
  for (let i = 0; i < a.claim.diagnoses.length; i++) {
    const code = a.claim.diagnoses[i]!;
    if (line.diagnoses.includes(code) || !supported(code)) continue;
    const hint = a.verify({
      claim: withLine(a.claim, a.lineNumber, (l) => {
        l.diagnosisPointers.push(i + 1);
        l.diagnoses.push(code);
      }),
      context: a.context,
      change: { kind: "diagnosis", lineNumber: a.lineNumber, diagnosis: displayDiagnosis(code), pointer: i + 1, addedToClaim: false },
      words: `line ${a.lineNumber} pointing also at the claim's diagnosis ${displayDiagnosis(code)} (pointer ${i + 1})`,
    });
    if (hint) yield hint;
  }
  // then diagnoses from the table, each a code valid on the date
  let proposed = 0;
  for (const code of concreteDiagnoses(a.program, supports, line.serviceDate)) {
    if (proposed >= MAX_TABLE_DIAGNOSES) return;
    if (a.claim.diagnoses.includes(code)) continue;
    const pointer = a.claim.diagnoses.length + 1;
    const hint = a.verify({
      claim: withLine(a.claim, a.lineNumber, (l, c) => {
        c.diagnoses.push(code);
        l.diagnosisPointers.push(pointer);
        l.diagnoses.push(code);
      }),
      context: a.context,
      change: { kind: "diagnosis", lineNumber: a.lineNumber, diagnosis: displayDiagnosis(code), pointer, addedToClaim: true },
      words: `diagnosis ${displayDiagnosis(code)} added to the claim and line ${a.lineNumber} pointing at it`,
    });
    if (hint) {
      proposed++;
      yield hint;
    }
  }
}

/**
 * Codes the patterns name, in the patterns' order: exact ones as they are, prefixes made concrete
 * from the tables keyed by diagnosis — dated ones (code validity) first — each active on the day.
 * Lazy: the caller stops after a few verified ones.
 */
function* concreteDiagnoses(program: Program, patterns: string[], day: number): Iterable<string> {
  const keyed: Table[] = program.tables.filter((t) => t.keyColumns.length === 1 && t.columns.find((c) => c.name === t.keyColumns[0])?.type === "diagnosis");
  keyed.sort((x, y) => Number(y.active !== null) - Number(x.active !== null));
  const seen = new Set<string>();
  for (const p of patterns) {
    if (!p.endsWith("*")) {
      if (!seen.has(p)) yield p;
      seen.add(p);
      continue;
    }
    const found = new Set<string>();
    for (const t of keyed) {
      for (let i = 0; i < rowCount(t); i++) {
        const row = rowAt(t, i);
        const code = row[t.keyColumns[0]!];
        if (typeof code === "string" && !seen.has(code) && matchesPattern(code, p) && rowActiveOn(t, row, day)) found.add(code);
      }
    }
    for (const code of [...found].sort()) {
      seen.add(code);
      yield code;
    }
  }
}

// ---------------------------------------------------------------- authorizations

/**
 * The authorization step decided: change an authorization (the claim's `priorAuthorization`, when
 * it names one) — add the code to one covering the date, widen the dates of one naming the
 * code, or add units to one covering both — else a new one covering the line.
 */
function* authorizationFixes(a: Attempt): Iterable<FixHint> {
  if (a.entry.phase !== "authorization") return;
  const line = a.claim.lines.find((l) => l.lineNumber === a.lineNumber)!;
  const named = a.claim.priorAuthorization;
  const date = formatDate(line.serviceDate);
  const candidates: Array<{ auth: Authorization; existing: string | null; words: string }> = [];
  for (const auth of a.context.authorizations) {
    if (named !== null && auth.number !== named) continue;
    if (!auth.codes.includes(line.code)) {
      if (auth.from <= line.serviceDate && line.serviceDate <= auth.to) {
        const changed = { ...auth, codes: [...auth.codes, line.code] };
        candidates.push({ auth: changed, existing: auth.number, words: `${line.code} added to the codes of authorization ${auth.number}` });
      }
    } else if (line.serviceDate < auth.from || auth.to < line.serviceDate) {
      const changed = { ...auth, from: Math.min(auth.from, line.serviceDate), to: Math.max(auth.to, line.serviceDate) };
      candidates.push({ auth: changed, existing: auth.number, words: `authorization ${auth.number} extended to cover ${date}` });
    } else {
      const changed = { ...auth, units: auth.units + line.units };
      candidates.push({ auth: changed, existing: auth.number, words: `authorization ${auth.number} raised to ${changed.units} units` });
    }
  }
  const number = named ?? "new";
  if (!a.context.authorizations.some((x) => x.number === number)) {
    candidates.push({
      auth: { number, codes: [line.code], from: line.serviceDate, to: line.serviceDate, units: line.units, used: 0 },
      existing: null,
      words: `${named === null ? "an authorization" : `authorization ${named}`} for ${line.code} covering ${date} (${line.units} unit${line.units === 1 ? "" : "s"})`,
    });
  }
  for (const c of candidates) {
    const authorizations = [...a.context.authorizations.filter((x) => x.number !== c.auth.number), c.auth].sort(
      (x, y) => x.number.length - y.number.length || (x.number < y.number ? -1 : x.number > y.number ? 1 : 0),
    );
    const hint = a.verify({
      claim: a.claim,
      context: { ...a.context, authorizations },
      change: {
        kind: "authorization",
        existing: c.existing,
        authorization: {
          number: c.auth.number,
          codes: [...c.auth.codes],
          from: formatDate(c.auth.from),
          to: formatDate(c.auth.to),
          units: c.auth.units,
          used: c.auth.used,
        },
      },
      words: c.words,
    });
    if (hint) yield hint;
  }
}

// ---------------------------------------------------------------- received date

/** the deciding rule read the claim's received date: the latest earlier receipt (never before a service) that pays */
function* receivedDateFixes(a: Attempt): Iterable<FixHint> {
  if (!readFact(a.entry, "claim.receivedDate")) return;
  const received = a.claim.receivedDate;
  const earliest = Math.max(...a.claim.lines.map((l) => l.serviceDate));
  const best = largest(earliest, received - 1, (day) =>
    a.verify({
      claim: { ...cloneClaim(a.claim), receivedDate: day },
      context: a.context,
      change: { kind: "receivedDate", from: formatDate(received), to: formatDate(day) },
      words: `the claim received on ${formatDate(day)} instead of ${formatDate(received)}`,
    }),
  );
  if (best) yield best;
}

const GENERATORS: readonly Generator[] = [modifierFixes, unitFixes, diagnosisFixes, authorizationFixes, receivedDateFixes];

/**
 * The hints in words, as `edict explain --fixes` prints them after a claim's explanation: each
 * denied or pended line with the rule that decided it and its verified hints (or that none was
 * found). Empty when every line is paid.
 */
export function formatFixes(result: Result, fixes: readonly FixHint[]): string {
  const open = result.lines.filter((l) => l.status !== "paid");
  if (!open.length) return "";
  const out = ["", "  Fix hints (each verified by adjudicating the corrected claim):"];
  for (const line of open) {
    const mine = fixes.filter((f) => f.lineNumber === line.lineNumber);
    const by = mine[0] ? ` by ${mine[0].decidedBy.rule}` : "";
    out.push(`    Line ${line.lineNumber} (${line.status} ${line.reason}${by}):`);
    if (!mine.length) out.push("      no correction found that would pay it");
    for (const f of mine) out.push(`      - ${f.message}`);
  }
  return `${out.join("\n")}\n`;
}
