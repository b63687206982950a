// Patient estimates: what the plan would pay and the patient would owe for planned services,
// with the same rules as claims. The planned services become a claim (one line per service,
// numbered in order, received on the last date of service) adjudicated with the edits that need
// a finished claim skipped — every rule of the duplicates phase (a plan is not a billed claim
// that can repeat one) and every rule that reads a fact only a received claim has
// (`claim.receivedDate`, `claim.id`, e.g. timely filing). The estimate lists them. A service
// without a charge is priced at the plan's fee-schedule amount. Pure: no I/O.
import type { Ruleset } from "../engine/ruleset.js";
import { walkIr, type IrExpr, type IrRule, type Program } from "../ir/ir.js";
import type { RulePhase } from "../common/phases.js";
import { formatMoney, parseDecimalToCents } from "../model/money.js";
import { formatDate } from "../model/dates.js";
import { parseClaim } from "../model/schemas.js";
import { parsePlannedServices } from "../model/planned.js";
import type { Adjustment, Context, InputIssue, Result } from "../model/types.js";
import { CLAIM_SLOT } from "../common/slots.js";

/** the rule phases an estimate does not run */
export const SKIPPED_PHASES: readonly RulePhase[] = ["duplicates"];
/** claim fields only a received claim has */
const FINISHED_CLAIM_FIELDS = new Set(["receivedDate", "id"]);

export interface SkippedRule {
  rule: string;
  title: string;
  phase: string;
  why: string;
}

function mentionsFinishedClaimField(root: IrExpr): string | null {
  let found: string | null = null;
  walkIr(root, (e) => {
    if (found === null && e.op === "field" && e.object.op === "var" && e.object.slot === CLAIM_SLOT && FINISHED_CLAIM_FIELDS.has(e.field))
      found = `claim.${e.field}`;
  });
  return found;
}

/** the rules an estimate skips, each with the reason */
export function skippedRules(program: Program): SkippedRule[] {
  const out: SkippedRule[] = [];
  const id = (r: IrRule) => `${r.pack}/${r.id}`;
  for (const r of program.rules) {
    if (SKIPPED_PHASES.includes(r.phase)) {
      out.push({
        rule: id(r),
        title: r.title,
        phase: r.phase,
        why: `a ${r.phase} edit compares a billed claim with claims already paid; planned services are not billed yet`,
      });
      continue;
    }
    const field = mentionsFinishedClaimField(r.when) ?? (r.action.kind === "setAllowed" ? mentionsFinishedClaimField(r.action.amount) : null);
    if (field) out.push({ rule: id(r), title: r.title, phase: r.phase, why: `reads ${field}, which only a received claim has` });
  }
  return out;
}

export interface EstimatedService {
  service: number;
  serviceDate: string;
  code: string;
  units: number;
  status: "paid" | "denied" | "pended";
  reason: string | null;
  /** the charge the estimate used, and where it came from */
  charge: string;
  chargeFrom: "given" | "fee schedule" | "none";
  allowed: string;
  planPays: string;
  patientOwes: string;
  adjustments: Adjustment[];
  remarks: string[];
}

export interface Estimate {
  ruleset: Result["ruleset"];
  services: EstimatedService[];
  totals: { charge: string; allowed: string; planPays: string; patientOwes: string };
  /** what the services would add to the member's accumulators */
  accumulators: Result["accumulators"];
  skipped: SkippedRule[];
  notes: string[];
}

export type EstimateOutcome = { ok: true; estimate: Estimate; result: Result } | { ok: false; issues: InputIssue[] };

/** the estimate for planned-services JSON, with a parsed context */
export function estimate(ruleset: Ruleset, plannedJson: unknown, context: Context, options: { trace?: boolean } = {}): EstimateOutcome {
  const parsed = parsePlannedServices(plannedJson);
  if (!parsed.ok) return parsed;
  const { json, services } = parsed.planned;
  const charges = services.map((s) => {
    if (s.charge !== null) return { cents: s.charge, from: "given" as const };
    const fee = ruleset.fee(s.code);
    return fee === null ? { cents: 0, from: "none" as const } : { cents: fee * s.units, from: "fee schedule" as const };
  });
  const last = Math.max(...services.map((s) => s.serviceDate));
  const claimJson = {
    id: "estimate",
    receivedDate: formatDate(last),
    member: json.member,
    provider: json.provider,
    diagnoses: json.diagnoses,
    ...(json.priorAuthorization === undefined ? {} : { priorAuthorization: json.priorAuthorization }),
    lines: services.map((s, i) => ({
      lineNumber: i + 1,
      serviceDate: formatDate(s.serviceDate),
      code: s.code,
      modifiers: s.modifiers,
      units: s.units,
      charge: formatMoney(charges[i].cents),
      placeOfService: s.placeOfService,
      diagnosisPointers: s.diagnosisPointers,
    })),
  };
  const claim = parseClaim(claimJson);
  if (!claim.ok) return { ok: false, issues: claim.issues.map((i) => ({ path: i.path.replace(/^lines\[/, "services["), message: i.message })) };
  const skipped = skippedRules(ruleset.program);
  const result = ruleset.adjudicateParsed(claim.claim, context, { trace: options.trace, skip: { phases: SKIPPED_PHASES, rules: skipped.map((s) => s.rule) } });
  const cents = (s: string) => parseDecimalToCents(s) ?? 0;
  const out: EstimatedService[] = result.lines.map((l) => {
    const i = l.lineNumber - 1;
    const s = services[i];
    return {
      service: l.lineNumber,
      serviceDate: formatDate(s.serviceDate),
      code: claim.claim.lines.find((x) => x.lineNumber === l.lineNumber)!.code,
      units: s.units,
      status: l.status,
      reason: l.reason,
      charge: l.billed,
      chargeFrom: charges[i].from,
      allowed: l.allowed,
      planPays: l.paid,
      patientOwes: l.patientResponsibility,
      adjustments: l.adjustments,
      remarks: l.remarks,
    };
  });
  const notes: string[] = [];
  if (out.some((s) => s.chargeFrom === "fee schedule")) notes.push("services without a charge are priced at the plan's fee-schedule amount");
  if (out.some((s) => s.chargeFrom === "none"))
    notes.push("a service with no charge and no fee-schedule amount cannot be priced: it is pended (CO-133) and not in the totals");
  if (out.some((s) => s.status !== "paid")) notes.push("a denied or pended service is paid nothing here; what the patient would owe for it is not estimated");
  notes.push("an estimate, not a guarantee: the claim is adjudicated when it arrives, against the accumulators of that day");
  return {
    ok: true,
    result,
    estimate: {
      ruleset: result.ruleset,
      services: out,
      totals: {
        charge: formatMoney(out.reduce((n, s) => n + cents(s.charge), 0)),
        allowed: result.totals.allowed,
        planPays: result.totals.paid,
        patientOwes: result.totals.patientResponsibility,
      },
      accumulators: result.accumulators,
      skipped,
      notes,
    },
  };
}

/** the estimate as text for a front desk */
export function estimateText(e: Estimate): string {
  const out: string[] = [`Estimate with ${e.ruleset.name} ${e.ruleset.version}`, ""];
  const rows = e.services.map((s) => [
    String(s.service),
    s.serviceDate,
    `${s.code}${s.units > 1 ? ` ×${s.units}` : ""}`,
    s.status === "paid" ? "covered" : `${s.status} ${s.reason ?? ""}`.trim(),
    `$${s.charge}`,
    `$${s.allowed}`,
    `$${s.planPays}`,
    `$${s.patientOwes}`,
  ]);
  const head = ["#", "date", "service", "decision", "charge", "allowed", "plan pays", "patient owes"];
  const all = [head, ...rows, ["", "", "", "total", `$${e.totals.charge}`, `$${e.totals.allowed}`, `$${e.totals.planPays}`, `$${e.totals.patientOwes}`]];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  for (const r of all)
    out.push(
      r
        .map((cell, c) => (c >= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join("  ")
        .trimEnd(),
    );
  out.push("", `The plan would pay $${e.totals.planPays}; the patient would owe $${e.totals.patientOwes}.`);
  if (e.skipped.length) {
    out.push("", "Skipped (they need a finished claim):");
    for (const s of e.skipped) out.push(`  ${s.rule} — ${s.title}: ${s.why}`);
  }
  if (e.notes.length) out.push("", ...e.notes.map((n) => `Note: ${n}.`));
  return out.join("\n") + "\n";
}
