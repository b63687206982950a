// The one place trace entries are worded. Phases decide and report what they decided here, as
// data; this builder names the facts, writes the action text, and orders the entries by line.
// A phase only calls it when the caller asked for a trace (ClaimState.trace is null otherwise).
import { spanText, type Span } from "../common/span.js";
import type { Phase } from "../common/phases.js";
import type { IrBenefit, IrPlan, IrRule, Program, ReasonCode } from "../ir/ir.js";
import type { Coverage, Fact, TraceEntry } from "../model/types.js";
import type { Comparison } from "./phases/order.js";
import type { CoordinationParts } from "./phases/coordination.js";
import { formatMoney } from "../model/money.js";
import { formatDate } from "../model/dates.js";
import {
  NO_AUTHORIZATION,
  AUTHORIZATION_USED_UP,
  LIMIT_REACHED,
  NO_BENEFIT,
  OTHER_PAYER_FIRST,
  PENDING_REVIEW,
  PRIOR_PAYMENT,
  reasonText,
  type LineState,
} from "./state.js";

/** what a fired rule's action did to its line */
export type RuleEffect = { kind: "deny" | "pend"; changed: boolean } | { kind: "remark" } | { kind: "setAllowed"; amount: number | null };

export type AuthorizationOutcome =
  | { kind: "none" }
  | { kind: "usedUp"; remaining: Array<{ number: string; units: number }> }
  | { kind: "authorized"; number: string; remaining: number };

export interface CostShareParts {
  network: string;
  deductibleAccumulator: string;
  deductibleMet: number;
  /** null: the tier has no out-of-pocket maximum */
  outOfPocketAccumulator: string | null;
  outOfPocketBefore: number | null;
  copay: number;
  deductible: number;
  coinsurance: number;
  paid: number;
}

export interface OrderOutcome {
  /** this plan's place: 1 pays first */
  position: number;
  /** the coverages on the line's date, this plan's included */
  of: number;
  /** prior payers on the claim */
  priorPayers: number;
  /** fewer prior payers than plans ahead of this one: CO-22 */
  missing: boolean;
  /** some pair no precedence rule decides */
  undecided: boolean;
}

/** past this many entries a trace is sorted by the library sort: an insertion sort's moves grow with the square */
const INSERTION_SORT_UP_TO = 64;

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;

const places = new WeakMap<Span, string>();
/** "file:line:col" of a span, worded once: the same few rules and benefits speak on every claim */
function at(span: Span): string {
  let text = places.get(span);
  if (text === undefined) places.set(span, (text = spanText(span)));
  return text;
}

const names = new WeakMap<{ pack: string; id: string }, string>();
/** "pack/id" of a rule or a benefit, worded once */
function nameOf(x: { pack: string; id: string }): string {
  let name = names.get(x);
  if (name === undefined) names.set(x, (name = `${x.pack}/${x.id}`));
  return name;
}

export class TraceBuilder {
  private readonly entries: TraceEntry[] = [];
  /** built-in steps with no rule of their own speak for the plan */
  private readonly planRule: string;
  private readonly planSpan: Span;

  constructor(private readonly program: Program) {
    const plan = program.plan;
    this.planRule = plan ? `${plan.pack}/plan` : `${program.name}/plan`;
    this.planSpan = plan?.span ?? { file: program.name, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };
  }

  private add(s: LineState, phase: Phase, rule: string, span: Span, facts: Fact[], action: string, cites?: readonly string[]): void {
    // built in its final shape: a `cites` added afterwards would not fit the literal's object and
    // cost each cited entry (most built-in steps cite) a second store of properties
    this.entries.push(
      cites !== undefined && cites.length !== 0
        ? { lineNumber: s.line.lineNumber, phase, rule, at: at(span), facts, action, cites: cites.slice() }
        : { lineNumber: s.line.lineNumber, phase, rule, at: at(span), facts, action },
    );
  }

  ruleFired(s: LineState, phase: Phase, rule: IrRule, facts: Fact[], effect: RuleEffect): void {
    const action = rule.action;
    let did: string;
    switch (effect.kind) {
      case "deny": {
        const reason = reasonText((action as { reason: ReasonCode }).reason);
        did = effect.changed ? `deny ${reason}` : `deny ${reason} (already ${s.status} ${reasonText(s.reason!)})`;
        break;
      }
      case "pend":
        did = effect.changed ? `pend ${reasonText((action as { reason: ReasonCode }).reason)}` : `pend (already ${s.status})`;
        break;
      case "remark":
        did = `remark ${action.remarks.join(", ")}`;
        break;
      case "setAllowed":
        did = effect.amount === null ? "set allowed (no amount)" : `set allowed ${formatMoney(effect.amount)}`;
        break;
    }
    if ((effect.kind === "deny" || effect.kind === "pend") && action.remarks.length) did += ` remark ${action.remarks.join(", ")}`;
    this.add(s, phase, nameOf(rule), rule.span, facts, did, rule.cites);
  }

  benefitFound(s: LineState, benefit: IrBenefit): void {
    this.add(s, "benefits", nameOf(benefit), benefit.span, [{ fact: "line.code", value: s.line.code }], `covered by benefit ${benefit.id}`, benefit.cites);
  }

  noBenefit(s: LineState): void {
    const facts = [{ fact: "line.code", value: s.line.code }];
    if (this.program.plan) this.add(s, "benefits", this.planRule, this.planSpan, facts, `deny ${reasonText(NO_BENEFIT)}: no benefit covers ${s.line.code}`);
    else this.add(s, "benefits", this.planRule, this.planSpan, facts, `pend ${reasonText(PENDING_REVIEW)}: the ruleset has no plan, only edits`);
  }

  authorization(s: LineState, benefit: IrBenefit, priorAuthorization: string | null, outcome: AuthorizationOutcome): void {
    const line = s.line;
    const facts: Fact[] = [
      { fact: "line.code", value: line.code },
      { fact: "line.serviceDate", value: formatDate(line.serviceDate) },
      { fact: "line.units", value: line.units },
    ];
    if (priorAuthorization !== null) facts.push({ fact: "claim.priorAuthorization", value: priorAuthorization });
    let action: string;
    if (outcome.kind === "none") action = `deny ${reasonText(NO_AUTHORIZATION)}: no authorization covers this code and date`;
    else if (outcome.kind === "usedUp") {
      facts.push(...outcome.remaining.map((a) => ({ fact: `authorization ${a.number} units remaining`, value: a.units })));
      action = `deny ${reasonText(AUTHORIZATION_USED_UP)}: authorized units are used up`;
    } else {
      facts.push({ fact: `authorization ${outcome.number} units remaining`, value: outcome.remaining });
      action = `authorized by ${outcome.number}`;
    }
    this.add(s, "authorization", nameOf(benefit), benefit.span, facts, action, benefit.cites);
  }

  /** `counted`: the visits or units counted before this line; `within`: whether the line fits */
  limit(s: LineState, benefit: IrBenefit, before: number, counted: number, within: boolean): void {
    const limit = benefit.limit!;
    const units = s.line.units;
    const action =
      limit.unit === "visits"
        ? within
          ? `visit ${counted + 1} of ${limit.max}`
          : `deny ${reasonText(LIMIT_REACHED)}: ${limit.max} visits already used`
        : within
          ? `units ${counted + 1}–${counted + units} of ${limit.max}`
          : `deny ${reasonText(LIMIT_REACHED)}: over ${limit.max} units`;
    const facts: Fact[] = [
      { fact: `${limit.accumulator} before this claim`, value: before },
      { fact: `${limit.unit} counted so far`, value: counted },
      { fact: "limit", value: limit.max },
    ];
    this.add(s, "limits", nameOf(benefit), limit.span, facts, action, benefit.cites);
  }

  unpriced(s: LineState): void {
    const line = s.line;
    const facts: Fact[] = [
      { fact: "line.charge", value: formatMoney(line.charge) },
      { fact: "line.code", value: line.code },
    ];
    this.add(s, "pricing", this.planRule, this.feeSpan(), facts, `pend ${reasonText(PENDING_REVIEW)}: no fee-schedule amount for ${line.code}; price by hand`);
  }

  /** `fee` is null when a rule set the allowed amount (`amount`) */
  priced(s: LineState, fee: number | null, amount: number, writeOff: number): void {
    const line = s.line;
    const facts: Fact[] = [{ fact: "line.charge", value: formatMoney(line.charge) }];
    if (fee !== null) facts.push({ fact: `fee for ${line.code}`, value: formatMoney(fee) }, { fact: "line.units", value: line.units });
    else facts.push({ fact: "allowed set by rule", value: formatMoney(amount) });
    this.add(s, "pricing", this.planRule, this.feeSpan(), facts, `allowed ${formatMoney(s.allowed)}${writeOff > 0 ? `, CO-45 ${formatMoney(writeOff)}` : ""}`);
  }

  costShare(s: LineState, p: CostShareParts): void {
    const facts: Fact[] = [
      { fact: "provider.network", value: p.network },
      { fact: `${p.deductibleAccumulator} met before this line`, value: formatMoney(p.deductibleMet) },
    ];
    if (p.outOfPocketAccumulator !== null) facts.push({ fact: `${p.outOfPocketAccumulator} before this line`, value: formatMoney(p.outOfPocketBefore!) });
    else facts.push({ fact: "out-of-pocket maximum", value: "none" });
    // "PR-3 25.00, PR-1 10.00, PR-2 3.00", the shares that are not zero (no array: every paid line has one)
    let shares = p.copay > 0 ? `PR-3 ${formatMoney(p.copay)}` : "";
    if (p.deductible > 0) shares += `${shares ? ", " : ""}PR-1 ${formatMoney(p.deductible)}`;
    if (p.coinsurance > 0) shares += `${shares ? ", " : ""}PR-2 ${formatMoney(p.coinsurance)}`;
    const benefit = s.benefit!;
    this.add(s, "cost_share", nameOf(benefit), benefit.span, facts, `${shares ? shares + "; " : "no cost share; "}paid ${formatMoney(p.paid)}`, benefit.cites);
  }

  /** one entry per other coverage (the precedence rule that ordered it against this plan's), then this plan's place */
  benefitOrder(s: LineState, mine: Coverage, comparisons: readonly Comparison[], outcome: OrderOutcome): void {
    const thisPlan = `this plan (${mine.planId})`;
    for (const c of comparisons) {
      if (c.rule === null) {
        const facts: Fact[] = [{ fact: "coverage", value: c.other.planId }];
        this.add(s, "eligibility", this.planRule, this.planSpan, facts, `no precedence rule puts ${c.other.planId} or ${thisPlan} first`);
        continue;
      }
      const [first, second] = c.otherFirst ? [c.other, mine] : [mine, c.other];
      const facts: Fact[] = [{ fact: "first", value: first.planId }, { fact: "second", value: second.planId }, ...c.facts];
      const action = c.otherFirst ? `${c.other.planId} pays before ${thisPlan}` : `${thisPlan} pays before ${c.other.planId}`;
      this.add(s, "eligibility", nameOf(c.rule), c.rule.span, facts, action, c.rule.cites);
    }
    const facts: Fact[] = [
      { fact: "coverage of this plan", value: mine.planId },
      { fact: "other coverage on the date", value: comparisons.map((c) => c.other.planId) },
      { fact: "prior payers on the claim", value: outcome.priorPayers },
    ];
    const place = outcome.position === 1 ? "pays first" : `pays ${ordinal(outcome.position)} of ${outcome.of}`;
    let action: string;
    if (outcome.missing)
      action = `deny ${reasonText(OTHER_PAYER_FIRST)}: this plan ${place}, and the claim carries ${outcome.priorPayers === 0 ? "no prior payment" : `only ${outcome.priorPayers} prior payment${outcome.priorPayers === 1 ? "" : "s"}`}`;
    else if (outcome.undecided) action = `pend ${reasonText(PENDING_REVIEW)}: the order of benefits is not decided`;
    else action = `this plan ${place}${outcome.position === 1 ? " (primary)" : ""}`;
    this.add(s, "eligibility", this.planRule, this.planSpan, facts, action);
  }

  /** every quantity of the coordination formula, and which term bound the payment */
  coordination(s: LineState, source: IrPlan["coordination"], p: CoordinationParts): void {
    const money = (name: string, cents: number): Fact => ({ fact: name, value: formatMoney(cents) });
    const facts: Fact[] = [{ fact: "coordination method", value: p.method }, money("line.charge", p.charge), money("allowed by this plan", p.allowed)];
    for (const prior of p.priors) {
      if (prior.line) facts.push(money(`${prior.payerId} allowed`, prior.line.allowed), money(`${prior.payerId} paid`, prior.line.paid));
      else facts.push({ fact: prior.payerId, value: "did not list this line" });
    }
    facts.push(money("prior payments", p.priorPaid));
    for (const input of p.inputs) facts.push(money(input.name, input.value));
    for (const term of p.terms) facts.push(money(term.name, term.value));
    const bound = p.bound[0] === "zero" ? "never below zero" : p.bound.join(" and ");
    const parts = [`pays ${formatMoney(p.paid)} (bound: ${bound})`];
    if (p.priorPaid > 0) parts.push(`${reasonText(PRIOR_PAYMENT)} ${formatMoney(p.priorPaid)}`);
    parts.push(`member owes ${formatMoney(p.memberOwes)}`);
    this.add(s, "coordination", `${source.pack}/plan`, source.span, facts, parts.join("; "), source.cites);
  }

  /** the entries by line number, each line's in the order they were added */
  build(): TraceEntry[] {
    const entries = this.entries;
    // Array.prototype.sort is stable: entries of one line keep the order they were added in
    if (entries.length > INSERTION_SORT_UP_TO) return entries.sort((a, b) => a.lineNumber - b.lineNumber);
    // A claim's entries are a few ascending runs (one per step that speaks of every line): an
    // insertion sort, stable too, moves each entry past the few later lines before it, where
    // the library sort's set-up and comparator calls cost more than the sorting itself.
    for (let i = 1; i < entries.length; i++) {
      const entry = entries[i]!;
      let j = i - 1;
      if (entries[j]!.lineNumber <= entry.lineNumber) continue;
      while (j >= 0 && entries[j]!.lineNumber > entry.lineNumber) {
        entries[j + 1] = entries[j]!;
        j--;
      }
      entries[j + 1] = entry;
    }
    return entries;
  }

  private feeSpan(): Span {
    return this.program.plan?.feeSchedule?.table.span ?? this.planSpan;
  }
}
