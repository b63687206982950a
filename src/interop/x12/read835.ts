// The 835 reader: payments, claims (CLP), service lines (SVC) with their adjustments (CAS),
// allowed amounts (AMT*B6) and remarks (LQ*HE), and the balancing every 835 must obey — per SVC
// and per CLP, charge − Σ CAS = paid; BPR02 = Σ CLP04 − Σ PLB. Reads whole interchanges and the
// bare transaction sets (ST…SE) payers publish as samples. Used to read Edict's own 835s back.
import { parseDecimalToCents, formatMoney } from "../../model/money.js";
import type { Cents } from "../../model/types.js";
import { readEnvelopes } from "./envelope.js";
import { guide, walk, type SegmentIssue } from "./guide.js";
import { components, splitSegments, X12SyntaxError, type Delimiters, type Segment } from "./segments.js";

export interface Adjustment835 {
  group: string;
  reason: string;
  amount: Cents;
}

export interface Line835 {
  /** SVC01-1, e.g. "HC" */
  qualifier: string;
  code: string;
  modifiers: string[];
  /** SVC02, SVC03; null when the 835 leaves them empty */
  charge: Cents | null;
  paid: Cents | null;
  /** AMT*B6 */
  allowed: Cents | null;
  /** SVC05 (units paid) and SVC07 (units billed, when different) */
  units: number | null;
  originalUnits: number | null;
  /** DTM*472 (or 150), YYYY-MM-DD */
  serviceDate: string | null;
  adjustments: Adjustment835[];
  /** LQ*HE */
  remarks: string[];
  /** REF*6R */
  controlNumber: string | null;
  ordinal: number;
}

export interface Claim835 {
  /** CLP01 */
  id: string;
  /** CLP02 */
  status: string;
  charge: Cents;
  paid: Cents;
  patientResponsibility: Cents;
  /** claim-level CAS */
  adjustments: Adjustment835[];
  patient: { lastName: string; firstName: string; id: string };
  lines: Line835[];
  ordinal: number;
}

export interface Payment835 {
  /** ST02 */
  transaction: string;
  /** BPR01 and BPR04 */
  handling: string;
  method: string;
  /** BPR02 */
  total: Cents;
  /** BPR16, YYYY-MM-DD */
  date: string;
  payer: { name: string; id: string };
  payee: { name: string; id: string };
  /** Σ of the PLB adjustments */
  providerAdjustments: Cents;
  claims: Claim835[];
}

export interface Read835 {
  payments: Payment835[];
  /** guide departures (enveloped 835s only) */
  issues: SegmentIssue[];
}

const amount = (v: string | undefined): Cents | null =>
  v === undefined || v === "" ? null : parseDecimalToCents(v.startsWith(".") ? `0${v}` : v.replace(/(\.\d\d)0+$/, "$1"));
const isoDate = (v: string | undefined) => (v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : null);
const count = (v: string | undefined) => (v === undefined || v === "" ? null : Number(v));

export function read835(text: string): Read835 {
  const { delimiters, segments } = splitSegments(text, { bare: true });
  const issues: SegmentIssue[] = [];
  if (segments[0]?.id === "ISA") {
    for (const ic of readEnvelopes(text).interchanges) {
      for (const g of ic.groups) for (const t of g.transactions) issues.push(...walk(guide("835"), t.segments, delimiters).issues);
    }
  }
  return { payments: readPayments(segments, delimiters), issues };
}

function readPayments(segments: Segment[], d: Delimiters): Payment835[] {
  const payments: Payment835[] = [];
  let payment: Payment835 | null = null;
  let claim: Claim835 | null = null;
  let line: Line835 | null = null;
  let party: "payer" | "payee" | null = null;
  for (const s of segments) {
    const e = s.e;
    switch (s.id) {
      case "ST":
        payment = {
          transaction: e[2] ?? "",
          handling: "",
          method: "",
          total: 0,
          date: "",
          payer: { name: "", id: "" },
          payee: { name: "", id: "" },
          providerAdjustments: 0,
          claims: [],
        };
        payments.push(payment);
        claim = line = null;
        break;
      case "BPR":
        if (!payment) break;
        payment.handling = e[1] ?? "";
        payment.total = amount(e[2]) ?? 0;
        payment.method = e[4] ?? "";
        payment.date = isoDate(e[16]) ?? "";
        break;
      case "N1":
        if (!payment || claim) break;
        party = e[1] === "PR" ? "payer" : e[1] === "PE" ? "payee" : null;
        if (party) payment[party] = { name: e[2] ?? "", id: e[4] ?? "" };
        break;
      case "CLP":
        if (!payment) break;
        claim = {
          id: e[1] ?? "",
          status: e[2] ?? "",
          charge: amount(e[3]) ?? 0,
          paid: amount(e[4]) ?? 0,
          patientResponsibility: amount(e[5]) ?? 0,
          adjustments: [],
          patient: { lastName: "", firstName: "", id: "" },
          lines: [],
          ordinal: s.ordinal,
        };
        payment.claims.push(claim);
        line = null;
        break;
      case "NM1":
        if (claim && e[1] === "QC") claim.patient = { lastName: e[3] ?? "", firstName: e[4] ?? "", id: e[9] ?? "" };
        break;
      case "SVC": {
        if (!claim) break;
        const [qualifier = "", code = "", ...modifiers] = components(e[1], d);
        line = {
          qualifier,
          code,
          modifiers: modifiers.slice(0, 4).filter((m) => m !== ""),
          charge: amount(e[2]),
          paid: amount(e[3]),
          allowed: null,
          units: count(e[5]),
          originalUnits: count(e[7]),
          serviceDate: null,
          adjustments: [],
          remarks: [],
          controlNumber: null,
          ordinal: s.ordinal,
        };
        claim.lines.push(line);
        break;
      }
      case "DTM":
        if (line && (e[1] === "472" || e[1] === "150")) line.serviceDate = isoDate(e[2]);
        break;
      case "CAS": {
        const target = line ?? claim;
        if (!target) break;
        for (let n = 2; n < e.length; n += 3) {
          if (e[n]) target.adjustments.push({ group: e[1] ?? "", reason: e[n]!, amount: amount(e[n + 1]) ?? 0 });
        }
        break;
      }
      case "REF":
        if (line && e[1] === "6R") line.controlNumber = e[2] ?? null;
        break;
      case "AMT":
        if (line && e[1] === "B6") line.allowed = amount(e[2]);
        break;
      case "LQ":
        if (line && e[1] === "HE" && e[2]) line.remarks.push(e[2]);
        break;
      case "PLB":
        if (!payment) break;
        for (let n = 4; n < e.length; n += 2) payment.providerAdjustments += amount(e[n]) ?? 0;
        claim = line = null;
        break;
      case "SE":
        claim = line = null;
        break;
    }
  }
  return payments;
}

const show = (c: Cents) => formatMoney(c);
const sum = (xs: Adjustment835[]) => xs.reduce((t, a) => t + a.amount, 0);

/** every way the 835 fails to balance, one sentence each naming the segment; empty when it balances */
export function balance835(payments: Payment835[]): string[] {
  const out: string[] = [];
  for (const p of payments) {
    let paid = 0;
    for (const c of p.claims) {
      paid += c.paid;
      let lineAdjustments = 0;
      for (const l of c.lines) {
        const adjusted = sum(l.adjustments);
        lineAdjustments += adjusted;
        const charge = l.charge ?? 0;
        const linePaid = l.paid ?? 0;
        if (charge - adjusted !== linePaid) {
          out.push(
            `claim ${c.id}, SVC ${l.code} at segment ${l.ordinal}: charge ${show(charge)} − adjustments ${show(adjusted)} = ${show(charge - adjusted)}, but it pays ${show(linePaid)}`,
          );
        }
      }
      const adjusted = sum(c.adjustments) + lineAdjustments;
      if (c.charge - adjusted !== c.paid) {
        out.push(
          `claim ${c.id} at segment ${c.ordinal}: charge ${show(c.charge)} − adjustments ${show(adjusted)} = ${show(c.charge - adjusted)}, but CLP04 is ${show(c.paid)}`,
        );
      }
    }
    if (paid - p.providerAdjustments !== p.total) {
      out.push(
        `transaction set ${p.transaction}: BPR02 is ${show(p.total)}, but the claims pay ${show(paid)}${p.providerAdjustments ? ` less ${show(p.providerAdjustments)} of PLB` : ""}`,
      );
    }
  }
  return out;
}

export { X12SyntaxError };
