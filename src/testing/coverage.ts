// Rule and branch coverage of a test run, measured by observing an evaluator (an ExprObserver,
// src/runtime/evaluator.ts; either evaluator gives the same counts). Rule coverage: every rule fired on some
// line and was evaluated without firing on another (a precedence rule: held for some pair of
// coverages and not for another); every benefit covered some line. Branch
// coverage: every boolean sub-condition of a rule's, benefit's or precedence rule's `when` (and/or operands, not,
// quantifiers and their `where` bodies, comparisons, membership tests) was seen true and seen
// false. Only what the engine actually evaluated counts.
import { walkIr, type IrBenefit, type IrExpr, type IrPrecedence, type IrRule, type Program, type Value } from "../ir/ir.js";
import { spanText as at } from "../common/span.js";
import type { ExprObserver } from "../runtime/evaluator.js";
import type { Result } from "../model/types.js";

export interface ConditionCoverage {
  /** the condition's source text */
  text: string;
  /** file:line:col */
  at: string;
  /** how many evaluations were true / false */
  timesTrue: number;
  timesFalse: number;
}

export type ItemKind = "rule" | "benefit" | "precedence";

export interface ItemCoverage {
  kind: ItemKind;
  /** "pack/id" */
  name: string;
  id: string;
  pack: string;
  title: string;
  at: string;
  /** rules: lines on which the condition held; benefits: lines the benefit covered */
  fired: number;
  /** rules: lines on which the condition was evaluated and did not hold; null for benefits */
  notFired: number | null;
  /** the rule-level requirements hold (fired, and for a rule also not fired somewhere) */
  covered: boolean;
  conditions: ConditionCoverage[];
}

export interface Figures {
  /** rules and benefits whose rule-level requirements hold, of all of them */
  rules: { covered: number; total: number };
  /** condition outcomes seen (true and false count one each), of twice the conditions */
  branches: { covered: number; total: number };
}

export interface CoverageReport extends Figures {
  /** the same figures for each pack the rules and benefits come from, in evaluation order of first appearance */
  packs: Array<{ pack: string } & Figures>;
  items: ItemCoverage[];
}

interface Counter {
  timesTrue: number;
  timesFalse: number;
}

/** the boolean sub-conditions of a `when`, outermost first (constants cannot vary, so are left out) */
export function conditionsOf(when: IrExpr): IrExpr[] {
  const out: IrExpr[] = [];
  walkIr(when, (e) => {
    if (e.type.t === "boolean" && e.op !== "const") out.push(e);
  });
  return out;
}

/** collects evaluations during a test run: pass it as the `observer` of adjudication, and every result to `noteResult` */
export class CoverageCollector implements ExprObserver {
  private readonly counters = new Map<IrExpr, Counter>();
  private readonly benefitLines = new Map<string, number>();
  private readonly items: Array<{ kind: ItemKind; item: IrRule | IrBenefit | IrPrecedence; root: IrExpr | null; conditions: IrExpr[] }> = [];

  constructor(readonly program: Program) {
    for (const rule of program.precedence) this.track("precedence", rule, rule.when);
    for (const rule of program.rules) this.track("rule", rule, rule.when);
    for (const benefit of program.benefits) this.track("benefit", benefit, benefit.when);
  }

  private track(kind: ItemKind, item: IrRule | IrBenefit | IrPrecedence, when: IrExpr | null) {
    const conditions = when ? conditionsOf(when) : [];
    // the root is counted even when it is a constant: it says whether a rule fired
    for (const e of when ? [when, ...conditions] : []) if (!this.counters.has(e)) this.counters.set(e, { timesTrue: 0, timesFalse: 0 });
    this.items.push({ kind, item, root: when, conditions });
  }

  observe(expr: IrExpr, value: Value): void {
    const counter = this.counters.get(expr);
    if (!counter) return;
    if (value === true) counter.timesTrue++;
    else if (value === false) counter.timesFalse++;
  }

  /** benefits are seen firing in the trace: `covered by benefit …` entries (the result must carry its trace) */
  noteResult(result: Result): void {
    for (const entry of result.trace ?? []) {
      if (entry.phase === "benefits" && entry.action.startsWith("covered by benefit ")) {
        this.benefitLines.set(entry.rule, (this.benefitLines.get(entry.rule) ?? 0) + 1);
      }
    }
  }

  report(): CoverageReport {
    const items: ItemCoverage[] = this.items.map(({ kind, item, root, conditions }) => {
      const name = `${item.pack}/${item.id}`;
      const rootCounter = root ? this.counters.get(root)! : null;
      const fired = kind !== "benefit" ? rootCounter!.timesTrue : (this.benefitLines.get(name) ?? 0);
      const notFired = kind !== "benefit" ? rootCounter!.timesFalse : null;
      return {
        kind,
        name,
        id: item.id,
        pack: item.pack,
        title: item.title,
        at: at(item.span),
        fired,
        notFired,
        covered: fired > 0 && (notFired === null || notFired > 0),
        conditions: conditions.map((e) => ({ text: e.text, at: at(e.span), ...this.counters.get(e)! })),
      };
    });
    const packs = [...new Set(items.map((i) => i.pack))];
    return {
      ...figures(items),
      packs: packs.map((pack) => ({ pack, ...figures(items.filter((i) => i.pack === pack)) })),
      items,
    };
  }
}

function figures(items: ItemCoverage[]): Figures {
  const conditions = items.flatMap((i) => i.conditions);
  return {
    rules: { covered: items.filter((i) => i.covered).length, total: items.length },
    branches: {
      covered: conditions.reduce((n, c) => n + (c.timesTrue > 0 ? 1 : 0) + (c.timesFalse > 0 ? 1 : 0), 0),
      total: conditions.length * 2,
    },
  };
}

export function isComplete(report: CoverageReport): boolean {
  return report.rules.covered === report.rules.total && report.branches.covered === report.branches.total;
}

const MAX_TEXT = 100;
const shorten = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** one sentence per gap, e.g. ``rule cms-edits/ncci_ptp (rules/cms-edits/edits.edict:91:1): condition `edit.modifier_indicator = 1` (100:29) never true`` */
export function coverageGaps(report: CoverageReport): string[] {
  const out: string[] = [];
  for (const item of report.items) {
    const who = `${item.kind} ${item.name} (${item.at})`;
    if (item.kind === "benefit" && item.fired === 0) out.push(`${who}: never covered a line`);
    if (item.kind !== "benefit") {
      if (item.fired === 0 && item.notFired === 0) out.push(`${who}: never evaluated`);
      else if (item.fired === 0) out.push(`${who}: never fired`);
      else if (item.notFired === 0) out.push(`${who}: never evaluated without firing`);
    }
    for (const c of item.conditions) {
      const missing =
        c.timesTrue === 0 && c.timesFalse === 0 ? "never evaluated" : c.timesTrue === 0 ? "never true" : c.timesFalse === 0 ? "never false" : null;
      if (missing) out.push(`${who}: condition \`${shorten(c.text)}\` at ${c.at.split(":").slice(-2).join(":")} ${missing}`);
    }
  }
  return out;
}

/** `rules 18/18, branches 64/64` */
export function coverageSummary(report: Figures): string {
  return `rules ${report.rules.covered}/${report.rules.total}, branches ${report.branches.covered}/${report.branches.total}`;
}
