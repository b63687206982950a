// Prior authorization (a FHIR Claim with use = preauthorization): each requested item is
// decided with the same rules as a claim, minus what needs a finished claim — the edits
// `edict estimate` skips (src/estimate) and the medically unlikely edits, whose limits are per
// date of service on a billed claim while a request's quantity covers its whole period. The
// question asked is the authorization itself, so each item is decided as if it held the
// authorization it asks for: a provisional one, numbered deterministically from the request
// id. An item that would be covered is approved under that number; an item a rule denies is
// denied with the rule's reason and citation; an item a rule pends goes to review.
import type { Ruleset } from "../../engine/ruleset.js";
import { SKIPPED_PHASES, skippedRules, type SkippedRule } from "../../estimate/estimate.js";
import type { RulePhase } from "../../common/phases.js";
import { formatDate, parseDate } from "../../model/dates.js";
import { describeCarc } from "../../model/reason-codes.js";
import type { Authorization, Context, Result } from "../../model/types.js";
import type { FhirClaimMapping } from "./read.js";
import { preAuthRef } from "./ids.js";
import { decidingEntry } from "./answer.js";

/** the rule phases a prior authorization does not run: the estimate's, and the per-date unit edits */
export const PRIOR_AUTH_SKIPPED_PHASES: readonly RulePhase[] = [...SKIPPED_PHASES, "mue"];

export interface PriorAuthItem {
  /** Claim.item.sequence (the line number) */
  sequence: number;
  outcome: "approved" | "denied" | "pended";
  code: string;
  /** the period asked for (YYYY-MM-DD) */
  from: string;
  to: string;
  units: number;
  /** the authorization number of an approved item */
  preAuthRef?: string;
  /** the deciding reason of a denied or pended item ("CO-50") */
  reason: string | null;
  /** the rule that decided it, its source position and its policy citations */
  rule?: string;
  at?: string;
  cites: string[];
  /** whether the plan requires an authorization for this service at all */
  authorizationRequired: boolean;
  /** the reason in words, for the ClaimResponse */
  note: string;
}

export interface PriorAuthDecision {
  kind: "prior-authorization";
  requestId: string;
  /** the request's reference when any item is approved */
  preAuthRef: string | null;
  items: PriorAuthItem[];
  /** the adjudication behind the decision, with its trace */
  result: Result;
  /** the rules not run, each with why */
  skipped: SkippedRule[];
}

/** the rules a prior authorization skips: the estimate's list, then every MUE rule */
export function priorAuthSkippedRules(program: Ruleset["program"]): SkippedRule[] {
  const out = skippedRules(program);
  for (const r of program.rules) {
    if (r.phase === "mue") {
      out.push({
        rule: `${r.pack}/${r.id}`,
        title: r.title,
        phase: r.phase,
        why: "unit limits apply per date of service on a billed claim; a request's quantity covers its whole period (the claims that follow are still edited)",
      });
    }
  }
  return out;
}

/**
 * Decides a prior-authorization request read by fromFhirClaim (use = preauthorization), with
 * the member's parsed context (its authorizations are not consulted: the request asks for a
 * new one). Pure; same request, same rules, same context → same decision and same numbers.
 */
export function decidePriorAuthorization(ruleset: Ruleset, mapping: FhirClaimMapping, context: Context): PriorAuthDecision {
  const claim = { ...mapping.parsed, priorAuthorization: null };
  const requestId = claim.id;
  const day = (s: string) => {
    const r = parseDate(s);
    if (!r.ok) throw new Error(`internal: unparsed period date ${s}`);
    return r.day;
  };
  const provisional: Authorization[] = claim.lines.map((line) => {
    const period = mapping.source.periods[line.lineNumber];
    return {
      number: preAuthRef(requestId, line.lineNumber),
      codes: [line.code],
      from: line.serviceDate,
      to: period ? day(period.end) : line.serviceDate,
      units: line.units,
      used: 0,
    };
  });
  // numbers that sort in line order (shorter first), so each line finds its own authorization first
  const asked: Context = { ...context, authorizations: [...provisional].sort((a, b) => a.number.length - b.number.length || (a.number < b.number ? -1 : 1)) };
  const skipped = priorAuthSkippedRules(ruleset.program);
  const result = ruleset.adjudicateParsed(claim, asked, { trace: true, skip: { phases: PRIOR_AUTH_SKIPPED_PHASES, rules: skipped.map((s) => s.rule) } });
  const items: PriorAuthItem[] = result.lines.map((line, i) => {
    const own = provisional[i]!;
    const entry = decidingEntry(line, result.trace);
    const required = (result.trace ?? []).some((t) => t.lineNumber === line.lineNumber && t.phase === "authorization" && t.action.startsWith("authorized by"));
    const base = {
      sequence: line.lineNumber,
      code: own.codes[0]!,
      from: formatDate(own.from),
      to: formatDate(own.to),
      units: own.units,
      reason: line.reason,
      cites: entry?.cites ?? [],
      authorizationRequired: required,
      ...(entry ? { rule: entry.rule, at: entry.at } : {}),
    };
    const period = base.from === base.to ? `on ${base.from}` : `from ${base.from} to ${base.to}`;
    if (line.status === "paid") {
      return {
        ...base,
        outcome: "approved" as const,
        preAuthRef: own.number,
        note: `Approved: ${own.number} authorizes ${base.code} × ${base.units} ${period}${required ? "" : " (the plan requires no authorization for this service)"}.`,
      };
    }
    const description = describeCarc(line.reason!.split("-")[1] ?? "");
    const why = `${line.reason}${description ? ` — ${description}` : ""}${entry ? `, by ${entry.rule} (${entry.at})` : ""}${base.cites.length ? `; policy: ${base.cites.join("; ")}` : ""}`;
    return line.status === "denied"
      ? { ...base, outcome: "denied" as const, note: `Denied: ${why}.` }
      : { ...base, outcome: "pended" as const, note: `Pended for clinical review: ${why}.` };
  });
  return {
    kind: "prior-authorization",
    requestId,
    preAuthRef: items.some((i) => i.outcome === "approved") ? preAuthRef(requestId) : null,
    items,
    result,
    skipped,
  };
}

/** an approved item as a context authorization, for the claims that follow (src/model/schemas.ts) */
export interface AuthorizationJson {
  number: string;
  codes: string[];
  from: string;
  to: string;
  units: number;
  used: number;
}

/** the approved items of a decision as context authorizations (nothing used yet) */
export function approvedAuthorizations(decision: PriorAuthDecision): AuthorizationJson[] {
  return decision.items
    .filter((i) => i.outcome === "approved")
    .map((i) => ({ number: i.preAuthRef!, codes: [i.code], from: i.from, to: i.to, units: i.units, used: 0 }));
}
