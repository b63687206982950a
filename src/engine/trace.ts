// The one place trace entries are worded. Phases decide and report what they decided here, as
// data; this builder names the facts, writes the action text, and orders the entries by line.
// A phase only calls it when the caller asked for a trace (ClaimState.trace is null otherwise).
import { spanText, type Span } from "../common/span.js";
import type { Phase } from "../common/phases.js";
import type { IrBenefit, IrRule, Program, ReasonCode } from "../ir/ir.js";
import type { Fact, TraceEntry } from "../model/types.js";
import { formatMoney } from "../model/money.js";
import { formatDate } from "../model/dates.js";
import { NO_AUTHORIZATION, AUTHORIZATION_USED_UP, LIMIT_REACHED, NO_BENEFIT, PENDING_REVIEW, reasonText, type LineState } from "./state.js";

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
  outOfPocketAccumulator: string;
  outOfPocketBefore: number;
  copay: number;
  deductible: number;
  coinsurance: number;
  paid: number;
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
    const entry: TraceEntry = { lineNumber: s.line.lineNumber, phase, rule, at: spanText(span), facts, action };
    if (cites && cites.length) entry.cites = [...cites];
    this.entries.push(entry);
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
    this.add(s, phase, `${rule.pack}/${rule.id}`, rule.span, facts, did, rule.cites);
  }

  benefitFound(s: LineState, benefit: IrBenefit): void {
    this.add(s, "benefits", `${benefit.pack}/${benefit.id}`, benefit.span, [{ fact: "line.code", value: s.line.code }], `covered by benefit ${benefit.id}`, benefit.cites);
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
    this.add(s, "authorization", `${benefit.pack}/${benefit.id}`, benefit.span, facts, action, benefit.cites);
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
    this.add(s, "limits", `${benefit.pack}/${benefit.id}`, limit.span, facts, action, benefit.cites);
  }

  unpriced(s: LineState): void {
    const line = s.line;
    const facts: Fact[] = [{ fact: "line.charge", value: formatMoney(line.charge) }, { fact: "line.code", value: line.code }];
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
      { fact: `${p.outOfPocketAccumulator} before this line`, value: formatMoney(p.outOfPocketBefore) },
    ];
    const parts = [p.copay > 0 && `PR-3 ${formatMoney(p.copay)}`, p.deductible > 0 && `PR-1 ${formatMoney(p.deductible)}`, p.coinsurance > 0 && `PR-2 ${formatMoney(p.coinsurance)}`].filter(Boolean);
    const benefit = s.benefit!;
    this.add(s, "cost_share", `${benefit.pack}/${benefit.id}`, benefit.span, facts, `${parts.length ? parts.join(", ") + "; " : "no cost share; "}paid ${formatMoney(p.paid)}`, benefit.cites);
  }

  /** the entries by line number, each line's in the order they were added */
  build(): TraceEntry[] {
    return this.entries
      .map((entry, i) => ({ entry, i }))
      .sort((a, b) => a.entry.lineNumber - b.entry.lineNumber || a.i - b.i)
      .map((x) => x.entry);
  }

  private feeSpan(): Span {
    return this.program.plan?.feeSchedule?.table.span ?? this.planSpan;
  }
}
