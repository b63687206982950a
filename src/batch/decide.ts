// Which rule decided each line that is not paid, and which authorization units a claim took,
// read from a result and its trace: for a stored result (the ledger keeps the trace, not the
// engine's decisions), and as an independent check of what the engine records as it runs
// (`adjudicateWithDecisions`, test/engine/decisions.test.ts). A reason code that only one rule
// (or built-in step) can give names its rule directly; for the others the trace says. Pure.
import type { Program } from "../ir/ir.js";
import type { Claim, Result, TraceEntry } from "../model/types.js";

export interface DecidedBy {
  lineNumber: number;
  /** "pack/rule", or "pack/benefit" / "pack/plan" for a built-in step; null when unknown */
  rule: string | null;
}

/** reason code ("CO-236") → every rule or built-in step that can give it as a line's decision */
export function reasonSources(program: Program): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  const add = (reason: string, rule: string) => {
    const list = sources.get(reason) ?? [];
    if (!list.includes(rule)) list.push(rule);
    sources.set(reason, list);
  };
  const planRule = program.plan ? `${program.plan.pack}/plan` : `${program.name}/plan`;
  for (const rule of program.rules) {
    const a = rule.action;
    if (a.kind === "deny" || a.kind === "pend") add(`${a.reason.group}-${a.reason.carc}`, `${rule.pack}/${rule.id}`);
  }
  // the built-in steps of the engine (src/engine/adjudicate.ts)
  if (program.plan) add("CO-204", planRule);
  add("CO-133", planRule);
  for (const b of program.benefits) {
    if (b.requiresAuthorization) {
      add("CO-197", `${b.pack}/${b.id}`);
      add("CO-198", `${b.pack}/${b.id}`);
    }
    if (b.limit) add("CO-119", `${b.pack}/${b.id}`);
  }
  return sources;
}

/** whether the deciding rule of some line of the result can only be read from a trace */
export function needsTraceForDecisions(result: Result, sources: Map<string, string[]>): boolean {
  return result.lines.some((l) => l.status !== "paid" && l.reason !== null && (sources.get(l.reason)?.length ?? 0) !== 1);
}

const deciding = (entry: TraceEntry, verb: "deny" | "pend", reason: string): boolean =>
  entry.action.startsWith(`${verb} ${reason}`) &&
  (entry.action.length === verb.length + 1 + reason.length || /^[: ]/.test(entry.action.slice(verb.length + 1 + reason.length))) &&
  !entry.action.includes("(already");

/** the deciding rule of each line that is not paid; `trace` is needed when a reason has several sources */
export function decidedBy(result: Result, sources: Map<string, string[]>, trace: readonly TraceEntry[] | undefined): DecidedBy[] {
  const out: DecidedBy[] = [];
  // the trace's entries of each line, gathered once (a claim may have thousands of lines)
  const byLine = new Map<number, TraceEntry[]>();
  for (const t of trace ?? []) {
    const list = byLine.get(t.lineNumber);
    if (list) list.push(t);
    else byLine.set(t.lineNumber, [t]);
  }
  for (const line of result.lines) {
    if (line.status === "paid" || line.reason === null) continue;
    const candidates = sources.get(line.reason) ?? [];
    let rule: string | null = candidates.length === 1 ? candidates[0] : null;
    if (trace) {
      const verb = line.status === "denied" ? "deny" : "pend";
      const entry = byLine.get(line.lineNumber)?.find((t) => deciding(t, verb, line.reason!));
      if (entry) rule = entry.rule;
    }
    out.push({ lineNumber: line.lineNumber, rule });
  }
  return out;
}

/** authorization number → units the claim's lines took, read from the trace ("authorized by N") */
export function authorizationUnits(claim: Claim, trace: readonly TraceEntry[]): Map<string, number> {
  const units = new Map<string, number>();
  const byNumber = new Map(claim.lines.map((l) => [l.lineNumber, l.units]));
  for (const t of trace) {
    if (t.phase !== "authorization") continue;
    const m = /^authorized by (.+)$/.exec(t.action);
    if (!m) continue;
    const number = m[1]!;
    units.set(number, (units.get(number) ?? 0) + (byNumber.get(t.lineNumber) ?? 0));
  }
  return units;
}
