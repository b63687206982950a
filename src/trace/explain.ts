// Renders a result as an explanation of benefits a person reads: the claim's outcome, then
// line by line what was paid, what the member owes and why, with the policy cited. Plain text.
import type { Result, TraceEntry } from "../model/types.js";
import { describeCarc, describeRarc, describeGroup } from "../model/reason-codes.js";
import { formatMoney, parseDecimalToCents } from "../model/money.js";

const STATUS_WORDS: Record<string, string> = {
  paid: "paid",
  partial: "partly paid",
  denied: "denied",
  pended: "pended for review",
};

export function explain(result: Result): string {
  const out: string[] = [];
  out.push(`Claim ${result.claimId}: ${STATUS_WORDS[result.status] ?? result.status}`);
  out.push(
    `  Billed ${result.totals.billed}   Allowed ${result.totals.allowed}   Plan pays ${result.totals.paid}   Member owes ${result.totals.patientResponsibility}`,
  );
  out.push(`  Rules: ${result.ruleset.name} ${result.ruleset.version} (${result.ruleset.hash.slice(0, 12)})`);
  for (const line of result.lines) {
    out.push("");
    out.push(`  Line ${line.lineNumber}: ${line.status}${line.reason ? ` — ${line.reason} ${describeCarc(line.reason.split("-")[1]) ?? ""}`.trimEnd() : ""}`);
    out.push(`    billed ${line.billed}, allowed ${line.allowed}, plan pays ${line.paid}, member owes ${line.patientResponsibility}`);
    for (const a of line.adjustments) {
      const who = describeGroup(a.group) ?? a.group;
      out.push(`    ${`${a.group}-${a.reason}`.padEnd(7)}${a.amount.padStart(10)}  ${describeCarc(a.reason) ?? ""} (${who})`);
    }
    for (const r of line.remarks) out.push(`    remark ${r}: ${describeRarc(r) ?? ""}`);
    const entries = (result.trace ?? []).filter((t) => t.lineNumber === line.lineNumber);
    if (entries.length) {
      out.push("    Why:");
      for (const entry of entries) out.push(...traceEntryLines(entry, "      "));
    }
  }
  const deltas = Object.entries(result.accumulators);
  if (deltas.length) {
    out.push("");
    out.push(`  This claim adds: ${deltas.map(([name, value]) => `${name} ${value}`).join(", ")}`);
  }
  return out.join("\n") + "\n";
}

/**
 * One trace entry as text: `[ptp] deny CO-236 — cms-edits/ncci_ptp at rules/cms-edits/edits.edict:91:1`,
 * then the facts it read and the policy it cites, two columns deeper.
 */
export function traceEntryLines(entry: TraceEntry, indent = ""): string[] {
  const lines = [`${indent}[${entry.phase}] ${entry.action} — ${entry.rule} at ${entry.at}`];
  if (entry.facts.length) {
    lines.push(`${indent}  read: ${entry.facts.map((f) => `${f.fact} = ${Array.isArray(f.value) ? `[${f.value.join(", ")}]` : String(f.value)}`).join("; ")}`);
  }
  for (const cite of entry.cites ?? []) lines.push(`${indent}  policy: ${cite}`);
  return lines;
}

/** one paragraph for a batch: how many claims ended how, and the money */
export function summarize(results: Result[]): string {
  const byStatus = new Map<string, number>();
  const cents = (s: string) => parseDecimalToCents(s) ?? 0;
  let billed = 0;
  let paid = 0;
  let patient = 0;
  const reasons = new Map<string, number>();
  for (const r of results) {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    billed += cents(r.totals.billed);
    paid += cents(r.totals.paid);
    patient += cents(r.totals.patientResponsibility);
    for (const line of r.lines) if (line.reason) reasons.set(line.reason, (reasons.get(line.reason) ?? 0) + 1);
  }
  const money = formatMoney;
  const statuses = ["paid", "partial", "denied", "pended"].filter((s) => byStatus.has(s)).map((s) => `${byStatus.get(s)} ${s}`);
  const topReasons = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([r, n]) => `${r} ×${n}`);
  return (
    [
      `${results.length} claims: ${statuses.join(", ")}`,
      `  billed ${money(billed)}, plan pays ${money(paid)}, members owe ${money(patient)}`,
      topReasons.length ? `  line reasons: ${topReasons.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("\n") + "\n"
  );
}
