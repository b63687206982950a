// What the ClaimResponse and the ExplanationOfBenefit writers share: an Edict result line as
// FHIR adjudication entries (submitted, eligible, copay, deductible, coinsurance, benefit,
// member liability, and each adjustment with its CARC), remarks with their RARC system, the
// rule that decided a line (from the trace) and the trace itself as extensions.
import type { CodeableConcept, Coding, Extension, Money } from "@medplum/fhirtypes";
import type { Adjustment, Result, ResultLine, TraceEntry } from "../../model/types.js";
import { describeCarc, describeGroup, describeRarc } from "../../model/reason-codes.js";
import { formatMoney, parseDecimalToCents } from "../../model/money.js";
import * as S from "./systems.js";

export const usd = (amount: string | number): Money => ({ value: Number(typeof amount === "number" ? formatMoney(amount) : amount), currency: "USD" });
export const concept = (system: string, code: string, display?: string): CodeableConcept => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });
const cents = (s: string): number => parseDecimalToCents(s) ?? 0;

/** the amount categories Edict writes, and where their codes live */
export const CATEGORY = {
  submitted: { system: S.ADJUDICATION, code: "submitted", display: "Submitted Amount" },
  eligible: { system: S.ADJUDICATION, code: "eligible", display: "Eligible Amount" },
  copay: { system: S.ADJUDICATION, code: "copay", display: "CoPay" },
  deductible: { system: S.ADJUDICATION, code: "deductible", display: "Deductible" },
  benefit: { system: S.ADJUDICATION, code: "benefit", display: "Benefit Amount" },
  coinsurance: { system: S.C4BB_ADJUDICATION, code: "coinsurance", display: "Co-insurance" },
  memberliability: { system: S.C4BB_ADJUDICATION, code: "memberliability", display: "Member liability" },
  noncovered: { system: S.C4BB_ADJUDICATION, code: "noncovered", display: "Noncovered" },
  discount: { system: S.C4BB_ADJUDICATION, code: "discount", display: "Discount" },
  denialreason: { system: S.C4BB_ADJUDICATION_DISCRIMINATOR, code: "denialreason", display: "Denial Reason" },
  billingnetworkcontractingstatus: {
    system: S.C4BB_ADJUDICATION_DISCRIMINATOR,
    code: "billingnetworkcontractingstatus",
    display: "Billing Network Contracting Status",
  },
  innetwork: { system: S.C4BB_PAYER_ADJUDICATION_STATUS, code: "innetwork", display: "In Network" },
  outofnetwork: { system: S.C4BB_PAYER_ADJUDICATION_STATUS, code: "outofnetwork", display: "Out Of Network" },
} as const satisfies Record<string, Coding>;
export type Category = keyof typeof CATEGORY;
export const categoryOf = (c: Category): CodeableConcept => ({ coding: [{ ...CATEGORY[c] }] });

/** "CO-45" → CARC 45 in X12's system, with Edict's short description as text */
export function reasonConcept(reason: string): CodeableConcept {
  const [group, carc] = reason.split("-", 2) as [string, string];
  const description = describeCarc(carc);
  const groupText = describeGroup(group);
  return {
    coding: [{ system: S.CARC, code: carc }],
    text: `${reason}${description ? `: ${description}` : ""}${groupText ? ` (${groupText.split(":")[0]})` : ""}`,
  };
}

export const remarkConcept = (code: string): CodeableConcept => {
  const description = describeRarc(code);
  return { coding: [{ system: S.RARC, code }], text: description ? `${code}: ${description}` : code };
};

/** the category an adjustment's amount belongs to */
export function adjustmentCategory(a: Pick<Adjustment, "group" | "reason">): Category {
  if (a.group === "PR" && a.reason === "3") return "copay";
  if (a.group === "PR" && a.reason === "1") return "deductible";
  if (a.group === "PR" && a.reason === "2") return "coinsurance";
  if (a.reason === "45") return "discount";
  return "noncovered";
}

export interface AdjudicationEntry {
  category: Category;
  amount?: string;
  /** "CO-45" */
  reason?: string;
}

/**
 * A result line as adjudication entries: the seven amount categories (copay, deductible and
 * coinsurance carry their PR reason when non-zero), then every other adjustment with its
 * reason, in the result's order. `billed = benefit + Σ adjustments` holds as in the result.
 */
export function lineEntries(line: ResultLine): AdjudicationEntry[] {
  const shares: Partial<Record<Category, Adjustment>> = {};
  const others: AdjudicationEntry[] = [];
  for (const a of line.adjustments) {
    const category = adjustmentCategory(a);
    if ((category === "copay" || category === "deductible" || category === "coinsurance") && !shares[category]) shares[category] = a;
    else others.push({ category, amount: a.amount, reason: `${a.group}-${a.reason}` });
  }
  const share = (c: "copay" | "deductible" | "coinsurance"): AdjudicationEntry =>
    shares[c] ? { category: c, amount: shares[c]!.amount, reason: `${shares[c]!.group}-${shares[c]!.reason}` } : { category: c, amount: "0.00" };
  return [
    { category: "submitted", amount: line.billed },
    { category: "eligible", amount: line.allowed },
    share("copay"),
    share("deductible"),
    share("coinsurance"),
    { category: "benefit", amount: line.paid },
    { category: "memberliability", amount: line.patientResponsibility },
    ...others,
  ];
}

/** the totals by category over the lines, in a fixed order; categories that never occur are left out */
export function totals(result: Result): Array<{ category: Category; amount: string }> {
  const order: Category[] = ["submitted", "eligible", "copay", "deductible", "coinsurance", "benefit", "memberliability", "discount", "noncovered"];
  const sums = new Map<Category, number>();
  for (const line of result.lines)
    for (const e of lineEntries(line)) if (e.amount !== undefined) sums.set(e.category, (sums.get(e.category) ?? 0) + cents(e.amount));
  return order.filter((c) => sums.has(c)).map((c) => ({ category: c, amount: formatMoney(sums.get(c)!) }));
}

export function adjudicationJson(e: AdjudicationEntry): { category: CodeableConcept; reason?: CodeableConcept; amount?: Money; extension?: Extension[] } {
  const out: { category: CodeableConcept; reason?: CodeableConcept; amount?: Money; extension?: Extension[] } = { category: categoryOf(e.category) };
  if (e.reason) {
    out.extension = [{ url: S.EXT.adjustmentGroup, valueCode: e.reason.split("-")[0] }];
    out.reason = reasonConcept(e.reason);
  }
  if (e.amount !== undefined) out.amount = usd(e.amount);
  return out;
}

/** the trace entry that gave a denied or pended line its reason (null without a trace) */
export function decidingEntry(line: ResultLine, trace: TraceEntry[] | undefined): TraceEntry | null {
  if (!trace || line.reason === null) return null;
  const verb = line.status === "denied" ? "deny" : "pend";
  return trace.find((t) => t.lineNumber === line.lineNumber && t.action.startsWith(`${verb} ${line.reason}`) && !t.action.includes("(already")) ?? null;
}

/** the rule behind an item's outcome, as an extension an auditor can follow to the source */
export function decisionExtension(outcome: string, reason: string | null, entry: TraceEntry | null, extra: Extension[] = []): Extension {
  const parts: Extension[] = [{ url: "outcome", valueCode: outcome }];
  if (reason) parts.push({ url: "reason", valueCodeableConcept: reasonConcept(reason) });
  if (entry) {
    parts.push({ url: "rule", valueString: entry.rule }, { url: "at", valueString: entry.at }, { url: "phase", valueCode: entry.phase });
    for (const c of entry.cites ?? []) parts.push({ url: "cite", valueString: c });
  }
  return { url: S.EXT.decision, extension: [...parts, ...extra] };
}

const factText = (v: TraceEntry["facts"][number]["value"]): string => (Array.isArray(v) ? `[${v.join(", ")}]` : v === null ? "missing" : String(v));

/** one trace entry as an extension (phase, rule, at, action, facts, cites) */
export function traceExtension(t: TraceEntry): Extension {
  const parts: Extension[] = [
    { url: "phase", valueCode: t.phase },
    { url: "rule", valueString: t.rule },
    { url: "at", valueString: t.at },
    { url: "action", valueString: t.action },
  ];
  for (const f of t.facts) parts.push({ url: "fact", valueString: `${f.fact} = ${factText(f.value)}` });
  for (const c of t.cites ?? []) parts.push({ url: "cite", valueString: c });
  return { url: S.EXT.trace, extension: parts };
}

export const rulesetExtension = (r: Result["ruleset"]): Extension => ({
  url: S.EXT.ruleset,
  extension: [
    { url: "name", valueString: r.name },
    { url: "version", valueString: r.version },
    { url: "hash", valueString: r.hash },
  ],
});

/** the plain sentence of a line's outcome, for processNote */
export function lineNote(line: ResultLine, entry: TraceEntry | null): string {
  const remarks = line.remarks.length ? ` Remarks: ${line.remarks.map((r) => `${r} (${describeRarc(r) ?? "remark"})`).join("; ")}.` : "";
  if (line.status === "paid") return `Line ${line.lineNumber} paid ${line.paid} of ${line.billed}; the member owes ${line.patientResponsibility}.${remarks}`;
  const what = line.status === "denied" ? "denied" : "pended for review";
  const description = describeCarc(line.reason!.split("-")[1] ?? "");
  const by = entry ? ` by ${entry.rule} (${entry.at})${entry.cites?.length ? `; policy: ${entry.cites.join("; ")}` : ""}` : "";
  return `Line ${line.lineNumber} ${what}: ${line.reason}${description ? ` — ${description}` : ""}${by}.${remarks}`;
}

/** one sentence for the whole result, for `disposition` */
export function disposition(result: Result): string {
  const n = result.lines.length;
  const count = (s: string) => result.lines.filter((l) => l.status === s).length;
  const parts = [`${count("paid")} of ${n} line${n === 1 ? "" : "s"} paid`];
  if (count("denied")) parts.push(`${count("denied")} denied`);
  if (count("pended")) parts.push(`${count("pended")} pended for review`);
  const head = { paid: "Paid", partial: "Paid in part", denied: "Denied", pended: "Pended" }[result.status];
  return `${head}: ${parts.join(", ")}; plan pays ${result.totals.paid}, member owes ${result.totals.patientResponsibility}.`;
}
