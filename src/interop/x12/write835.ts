// The 835 writer (005010X221A1): adjudication results as a health care claim payment/advice.
// One transaction set per payee (billing provider), in the order payees first appear; claims in
// the order given. Pended claims are left out (they are answered later). Every 835 balances: per
// SVC and per CLP, charge − Σ CAS = paid; BPR02 = Σ CLP04 (Edict writes no PLB). Dates and
// control numbers come from the caller, never the clock.
import { formatMoney } from "../../model/money.js";
import { formatDate } from "../../model/dates.js";
import { parseMoney } from "../../model/money.js";
import type { Claim, Result } from "../../model/types.js";
import type { ClaimSource } from "./read837.js";
import { DEFAULT_DELIMITERS, SegmentWriter, type Delimiters } from "./segments.js";
import { isaSegment } from "./write999.js";
import { guide, type ElementDef, type LoopDef, type SegmentDef } from "./guide.js";

export interface Remittance {
  /** the claim as adjudicated (parseClaim's output) */
  claim: Claim;
  result: Result;
  /** where the claim came from, when it came from an 837 (names, payer, line control numbers) */
  source?: ClaimSource;
}

export interface PayerProfile {
  name: string;
  /** the payer's identifier (N104 with XV, and ISA06 when no sender is given) */
  id: string;
  /** 9-digit tax identification number; TRN03 is "1" followed by it */
  taxId: string;
  address: { line: string; city: string; state?: string; zip?: string };
  /** PER*BL: the payer's technical contact */
  contact: { name: string; phone: string };
}

export interface Write835Options {
  /** the payment and production date, YYYY-MM-DD */
  date: string;
  /** ISA13 and GS06; transaction sets are numbered 0001, 0002, … */
  controlNumber: number;
  payer?: Partial<PayerProfile>;
  /** ISA05/06 and ISA07/08; default: ZZ and the payer id, ZZ and the payee NPI */
  sender?: { qualifier: string; id: string };
  receiver?: { qualifier: string; id: string };
  /** default: * : ^ ~ with a line break after each segment */
  delimiters?: Delimiters;
  /** ISA15: P production (default) or T test */
  usage?: "P" | "T";
  /** CLP06, the plan's type, when the 837's SBR09 is not one of the 835's codes; default "12" (PPO) */
  claimFilingIndicator?: string;
}

/** what an 835 needs that a payer has not configured: placeholders, to be replaced with the payer's own */
export const DEFAULT_PAYER: PayerProfile = {
  name: "EDICT PAYER",
  id: "EDICT",
  taxId: "000000000",
  address: { line: "ADDRESS NOT CONFIGURED", city: "CITY NOT CONFIGURED" },
  contact: { name: "EDI SUPPORT", phone: "0000000000" },
};

/** X12 decimal: no trailing zeros ("25", "25.5", "25.55"), as payers write amounts */
export function x12Amount(cents: number): string {
  const s = formatMoney(cents);
  return s.replace(/\.00$/, "").replace(/(\.\d)0$/, "$1");
}

/** a result's money string ("25.00", "25.50", "0.05") as an X12 decimal, without parsing it */
function amount(money: string): string {
  if (money.endsWith(".00")) return money.slice(0, -3);
  return money.endsWith("0") ? money.slice(0, -1) : money;
}

const cents = (money: string) => {
  const r = parseMoney(money);
  if (!r.ok) throw new Error(`internal: result money ${money}`);
  return r.cents;
};
const ymd = (isoDate: string) => isoDate.replace(/-/g, "");
const ymdOfDay = (day: number) => ymd(formatDate(day));

/** the claims of each payee, in first-appearance order */
function byPayee(remittances: Remittance[]): Array<{ npi: string; name: string; taxId?: string; items: Remittance[] }> {
  const payees = new Map<string, { npi: string; name: string; taxId?: string; items: Remittance[] }>();
  for (const r of remittances) {
    const npi = r.source?.billingProvider.npi || r.claim.provider.npi;
    let p = payees.get(npi);
    if (!p) payees.set(npi, (p = { npi, name: r.source?.billingProvider.name || `PROVIDER ${npi}`, taxId: r.source?.billingProvider.taxId, items: [] }));
    p.items.push(r);
  }
  return [...payees.values()];
}

export function write835(remittances: Remittance[], options: Write835Options): string {
  const d = options.delimiters ?? DEFAULT_DELIMITERS;
  const payer: PayerProfile = { ...DEFAULT_PAYER, ...options.payer } as PayerProfile;
  const date = ymd(options.date);
  const answered = remittances.filter((r) => r.result.status !== "pended");
  const payees = byPayee(answered);
  const w = new SegmentWriter(d);
  const control = options.controlNumber;
  w.raw(
    isaSegment(d, {
      senderQualifier: options.sender?.qualifier ?? "ZZ",
      sender: options.sender?.id ?? payer.id,
      receiverQualifier: options.receiver?.qualifier ?? "ZZ",
      receiver: options.receiver?.id ?? payees[0]?.npi ?? "",
      date,
      time: "0000",
      control,
      usage: options.usage ?? "P",
    }),
  );
  w.add("GS", "HP", options.sender?.id ?? payer.id, options.receiver?.id ?? payees[0]?.npi ?? "", date, "0000", control, "X", "005010X221A1");
  payees.forEach((payee, n) => {
    const start = w.count;
    const st = String(n + 1).padStart(4, "0");
    w.add("ST", "835", st);
    const total = payee.items.reduce((sum, r) => sum + cents(r.result.totals.paid), 0);
    const filler = ["", "", "", "", "", "", "", "", "", "", ""];
    if (total > 0) w.add("BPR", "I", x12Amount(total), "C", "CHK", ...filler, date);
    else w.add("BPR", "H", "0", "C", "NON", ...filler, date);
    w.add("TRN", "1", `${control}${st}`, `1${payer.taxId}`);
    w.add("DTM", "405", date);
    // 1000A payer, 1000B payee
    w.add("N1", "PR", payer.name, "XV", payer.id);
    w.add("N3", payer.address.line);
    w.add("N4", payer.address.city, payer.address.state, payer.address.zip);
    w.add("PER", "BL", payer.contact.name, "TE", payer.contact.phone);
    w.add("N1", "PE", payee.name, "XX", payee.npi);
    if (payee.taxId) w.add("REF", "TJ", payee.taxId);
    w.add("LX", "1");
    for (const r of payee.items) writeClaim(w, r, options);
    w.add("SE", w.count - start + 1, st);
  });
  w.add("GE", payees.length, control);
  w.add("IEA", "1", String(control).padStart(9, "0"));
  return w.text();
}

function writeClaim(w: SegmentWriter, { claim, result, source }: Remittance, options: Write835Options): void {
  const patientResponsibility = cents(result.totals.patientResponsibility);
  w.add(
    "CLP",
    claim.id,
    // CLP02: 4 denied; else processed as primary (1), secondary (2) or tertiary (3) by the payers before this plan
    result.status === "denied" ? "4" : String(Math.min((claim.priorPayers?.length ?? 0) + 1, 3)),
    amount(result.totals.billed),
    amount(result.totals.paid),
    patientResponsibility ? x12Amount(patientResponsibility) : undefined,
    filingIndicator(source?.claimFilingIndicator, options),
    claim.id,
    source?.facilityCode || claim.lines[0]?.placeOfService,
    source?.frequencyCode || "1",
  );
  const last = source?.patient?.lastName ?? source?.subscriber.lastName;
  const first = source?.patient?.firstName ?? source?.subscriber.firstName;
  w.add("NM1", "QC", "1", last, first, undefined, undefined, undefined, "MI", claim.member.id);
  w.add("DTM", "050", ymdOfDay(claim.receivedDate));
  const lines = new Map(claim.lines.map((l) => [l.lineNumber, l]));
  for (const rl of result.lines) {
    const line = lines.get(rl.lineNumber)!;
    const sourceLine = source?.lines.find((l) => l.lineNumber === rl.lineNumber);
    w.add("SVC", ["HC", line.code, ...line.modifiers], amount(rl.billed), amount(rl.paid), sourceLine?.revenueCode, line.units === 1 ? undefined : line.units);
    w.add("DTM", "472", ymdOfDay(line.serviceDate));
    for (const [group, adjustments] of groupAdjustments(rl.adjustments)) {
      for (let i = 0; i < adjustments.length; i += 6) {
        w.add("CAS", group, ...adjustments.slice(i, i + 6).flatMap((a) => [a.reason, amount(a.amount), ""]));
      }
    }
    // the provider's line control number; Edict echoes the line number when the 837 sent none
    w.add("REF", "6R", sourceLine?.controlNumber ?? String(rl.lineNumber));
    w.add("AMT", "B6", amount(rl.allowed));
    for (const remark of rl.remarks) w.add("LQ", "HE", remark);
  }
}

/** the 835's CLP06 codes, from the guide's map: the 837's SBR09 codes partly differ (CI there, none here) */
let clp06: Set<string> | null = null;
function filingIndicator(fromClaim: string | undefined, options: Write835Options): string {
  if (!clp06) {
    const find = (loop: LoopDef): SegmentDef | undefined => {
      for (const c of loop.children) {
        const hit = c.kind === "segment" ? (c.id === "CLP" ? c : undefined) : find(c);
        if (hit) return hit;
      }
      return undefined;
    };
    clp06 = (find(guide("835").transactionLoop)?.elements[6] as ElementDef | undefined)?.codes ?? new Set();
  }
  return fromClaim && clp06.has(fromClaim) ? fromClaim : (options.claimFilingIndicator ?? "12");
}

function groupAdjustments(adjustments: Result["lines"][number]["adjustments"]): Map<string, Array<{ reason: string; amount: string }>> {
  const out = new Map<string, Array<{ reason: string; amount: string }>>();
  for (const a of adjustments) {
    let list = out.get(a.group);
    if (!list) out.set(a.group, (list = []));
    list.push(a);
  }
  return out;
}

/** the claims write835 leaves out: pended, to be answered in a later 835 */
export function pendedClaims(remittances: Remittance[]): string[] {
  return remittances.filter((r) => r.result.status === "pended").map((r) => r.claim.id);
}
