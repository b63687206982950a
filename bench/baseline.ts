// The "physical limit" baseline: demo-ppo + cms-edits written by hand in plain TypeScript, with
// no rule language — Maps built once from the table files, then straight-line code per claim.
// It mirrors grammar/SEMANTICS.md, the rules as written in rules/cms-edits/edits.edict and
// rules/demo-ppo/plan.edict, and the phase logic of src/engine/adjudicate.ts, and returns the
// same Result (without trace). bench/check-baseline.ts holds it equal to the engine.
//
//   const adjudicate = createBaseline("rules/demo-ppo");
//   const claim = parseClaim(json).claim;
//   const context = parseContext(json, { accumulators: BASELINE_ACCUMULATORS }).context;
//   adjudicate(claim, context)
import { applyRate, formatMoney } from "../src/model/money.js";
import { expandRange } from "../src/model/codes.js";
import { yearsBetween } from "../src/model/dates.js";
import type { Claim, ClaimLine, ClaimStatus, Context, Result, ResultLine } from "../src/model/types.js";
import { indexPtp, loadPackTables, type PackTables, type PtpIndex } from "./tables.js";

/** demo-ppo's accumulators, for parseContext(json, { accumulators }) */
export const BASELINE_ACCUMULATORS = [
  { name: "deductible", unit: "money" },
  { name: "out_of_pocket", unit: "money" },
  { name: "oon_deductible", unit: "money" },
  { name: "oon_out_of_pocket", unit: "money" },
  { name: "pt_visits", unit: "count", noun: "visits" },
] as const satisfies ReadonlyArray<{ name: string; unit: "money" | "count"; noun?: string }>;

/** the `ncci_modifiers` valueset of edits.edict */
export const NCCI_MODIFIERS: ReadonlySet<string> = new Set([
  ...expandRange("E1", "E4")!,
  "FA",
  ...expandRange("F1", "F9")!,
  "TA",
  ...expandRange("T1", "T9")!,
  ..."LT RT LC LD RC LM RI 24 25 57 58 78 79 27 59 91 XE XS XP XU".split(" "),
]);

const OFFICE = new Set([...expandRange("99202", "99205")!, ...expandRange("99211", "99215")!]);
const PREVENTIVE = new Set(expandRange("99381", "99397")!);
const PHYSICAL_THERAPY = new Set(["97110", "97112", "97140", "97530"]);

// biome-ignore lint/suspicious/noConstEnum: the baseline inlines its benefit numbers, as hand-written code would
const enum Benefit {
  None = 0,
  Office = 1,
  Preventive = 2,
  Colonoscopy = 3,
  PhysicalTherapy = 4,
}

/** cost-share terms by benefit and network: copay (cents), deductible applies, coinsurance (bp) */
interface Terms {
  copay: number;
  deductible: boolean;
  coinsurance: number;
}
const TIER = {
  in: { deductible: 50000, outOfPocket: 300000, coinsurance: 2000, deductibleAcc: "deductible", oopAcc: "out_of_pocket" },
  out: { deductible: 100000, outOfPocket: 600000, coinsurance: 4000, deductibleAcc: "oon_deductible", oopAcc: "oon_out_of_pocket" },
} as const;
const NO_COST_SHARE: Terms = { copay: 0, deductible: false, coinsurance: 0 };
const TERMS: Record<"in" | "out", Terms[]> = {
  // index by Benefit
  in: [NO_COST_SHARE, { copay: 2500, deductible: false, coinsurance: 0 }, NO_COST_SHARE, NO_COST_SHARE, { copay: 0, deductible: true, coinsurance: 2000 }],
  out: [
    NO_COST_SHARE,
    { copay: 0, deductible: true, coinsurance: 4000 },
    { copay: 0, deductible: true, coinsurance: 4000 },
    { copay: 0, deductible: true, coinsurance: 4000 },
    { copay: 0, deductible: true, coinsurance: 4000 },
  ],
};
const PT_VISIT_LIMIT = 20;
const TIMELY_FILING_DAYS = 365;

const PAID = 0;
const DENIED = 1;
const PENDED = 2;
const STATUS = ["paid", "denied", "pended"] as const;

/** [from, until) periods of a code; until is NEVER when open */
type Periods = number[];

function periodsByCode(rows: PackTables["procedures"]): Map<string, Periods> {
  const out = new Map<string, Periods>();
  for (const r of rows) {
    const p = out.get(r.code);
    if (p) p.push(r.from, r.until);
    else out.set(r.code, [r.from, r.until]);
  }
  return out;
}

function activeOn(periods: Periods | undefined, day: number): boolean {
  if (periods === undefined) return false;
  for (let i = 0; i < periods.length; i += 2) if (periods[i]! <= day && day < periods[i + 1]!) return true;
  return false;
}

function group<T extends { code: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.code);
    if (list) list.push(r);
    else out.set(r.code, [r]);
  }
  return out;
}

/** modifiers lists as sets: same members, order and repeats ignored */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (!b.includes(x)) return false;
  for (const x of b) if (!a.includes(x)) return false;
  return true;
}

function hasNcci(modifiers: readonly string[]): boolean {
  for (const m of modifiers) if (NCCI_MODIFIERS.has(m)) return true;
  return false;
}

export type BaselineAdjudicate = (claim: Claim, context: Context) => Result;

export interface BaselineOptions {
  /** the `ruleset` field of every result (the engine's name, version and hash) */
  ruleset?: Result["ruleset"];
  /** tables already read (e.g. shared with the claim generator) */
  tables?: PackTables;
}

/** reads the pack's tables (demo-ppo and the cms-edits pack it includes) and returns an adjudicator */
export function createBaseline(packDir: string, options: BaselineOptions = {}): BaselineAdjudicate {
  const tables = options.tables ?? loadPackTables(packDir);
  const ruleset = options.ruleset ?? { name: "demo-ppo", version: "2026.1", hash: "" };

  const procedures = periodsByCode(tables.procedures);
  const hcpcs = periodsByCode(tables.hcpcs);
  const diagnoses = periodsByCode(tables.diagnoses);
  const modifiers = new Set(tables.modifiers);
  const sexAge = group(tables.sexAge);
  const mue = group(tables.mue);
  const necessity = new Map<string, string[]>();
  for (const r of tables.necessity) {
    const list = necessity.get(r.code);
    if (list) list.push(r.diagnosis);
    else necessity.set(r.code, [r.diagnosis]);
  }
  const fees = tables.fees;
  const ptp: PtpIndex = indexPtp(tables.ptp);
  const ptpId = tables.ptp.codeId;
  const { from: ptpFrom, until: ptpUntil, indicator: ptpIndicator } = tables.ptp;

  /** whether an active PTP edit (column1 → column2) on `day` denies column 2 */
  const ptpDenies = (c1: number, c2: number, day: number, mods1: readonly string[], mods2: readonly string[]): boolean => {
    if (c1 < 0 || c2 < 0) return false;
    for (let r = ptp.first(c1, c2); r >= 0; r = ptp.next[r]!) {
      if (!(ptpFrom[r]! <= day && day < ptpUntil[r]!)) continue;
      const ind = ptpIndicator[r]!;
      if (ind === 0) return true;
      if (ind === 1 && !hasNcci(mods2) && !hasNcci(mods1)) return true;
    }
    return false;
  };

  const matches = (d: string, pattern: string) => (pattern.charCodeAt(pattern.length - 1) === 42 /* * */ ? d.startsWith(pattern.slice(0, -1)) : d === pattern);

  /** the first edit (phases 1–7) that denies the line, or null */
  const editReason = (claim: Claim, line: ClaimLine, context: Context, ids: Int32Array, index: number): string | null => {
    const day = line.serviceDate;
    // 1 eligibility
    const coverage = context.coverage;
    let began = false;
    let covered = false;
    for (const c of coverage) {
      if (c.from <= day) {
        began = true;
        if (c.to === null || day <= c.to) covered = true;
      }
    }
    if (!began) return "CO-26";
    if (!covered) return "CO-27";
    if (claim.receivedDate > day + TIMELY_FILING_DAYS) return "CO-29";
    // 2 duplicates
    const npi = claim.provider.npi;
    for (const past of context.history) {
      if (
        past.status === "paid" &&
        past.serviceDate === day &&
        past.providerNpi === npi &&
        past.code === line.code &&
        sameSet(past.modifiers, line.modifiers)
      ) {
        return "CO-18";
      }
    }
    // 3 validity
    if (!activeOn(procedures.get(line.code), day) && !activeOn(hcpcs.get(line.code), day)) return "CO-181";
    for (const d of line.diagnoses) if (!activeOn(diagnoses.get(d), day)) return "CO-146";
    for (const m of line.modifiers) if (!modifiers.has(m)) return "CO-4";
    // 4 sex and age
    const limits = sexAge.get(line.code);
    if (limits) {
      for (const l of limits) if (l.sex !== null && l.sex !== claim.member.sex) return "CO-7";
      const age = yearsBetween(claim.member.birthDate, day);
      for (const l of limits) if ((l.minAge !== null && age < l.minAge) || (l.maxAge !== null && age > l.maxAge)) return "CO-6";
    }
    // 5 PTP: against the other lines of the same date, then against paid history
    const lines = claim.lines;
    const self = ids[index]!;
    if (self >= 0) {
      for (let j = 0; j < lines.length; j++) {
        if (j === index) continue;
        const other = lines[j]!;
        if (other.lineNumber !== line.lineNumber && other.serviceDate === day && ptpDenies(ids[j]!, self, day, other.modifiers, line.modifiers))
          return "CO-236";
      }
      for (const past of context.history) {
        if (past.status === "paid" && past.serviceDate === day && past.providerNpi === npi) {
          const c1 = ptpId.get(past.code);
          if (c1 !== undefined && ptpDenies(c1, self, day, past.modifiers, line.modifiers)) return "CO-236";
        }
      }
    }
    // 6 MUE: MAI 1 per line, MAI 2 and 3 summed over the claim's lines of the code and date
    const units = mue.get(line.code);
    if (units) {
      for (const u of units) if (u.mai === 1 && line.units > u.mue) return "CO-151";
      let sum = -1;
      for (const u of units) {
        if (u.mai === 1) continue;
        if (sum < 0) {
          sum = 0;
          for (const other of lines) if (other.code === line.code && other.serviceDate === day) sum += other.units;
        }
        if (sum > u.mue) return "CO-151";
      }
    }
    // 7 medical necessity
    const supports = necessity.get(line.code);
    if (supports) {
      let supported = false;
      for (const d of line.diagnoses) {
        for (const p of supports) {
          if (matches(d, p)) {
            supported = true;
            break;
          }
        }
        if (supported) break;
      }
      if (!supported) return "CO-50";
    }
    return null;
  };

  return (claim: Claim, context: Context): Result => {
    const lines = claim.lines;
    const n = lines.length;
    const status = new Uint8Array(n);
    const reason: (string | null)[] = new Array(n).fill(null);
    const benefit = new Uint8Array(n);
    const allowed = new Array<number>(n).fill(0);
    const writeOff = new Array<number>(n).fill(0);
    const copay = new Array<number>(n).fill(0);
    const deductible = new Array<number>(n).fill(0);
    const coinsurance = new Array<number>(n).fill(0);
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = ptpId.get(lines[i]!.code) ?? -1;

    // phases 1–7: the edits
    for (let i = 0; i < n; i++) {
      const r = editReason(claim, lines[i]!, context, ids, i);
      if (r !== null) {
        status[i] = DENIED;
        reason[i] = r;
      }
    }

    // phase 8: benefit exists
    for (let i = 0; i < n; i++) {
      if (status[i] === DENIED) continue;
      const line = lines[i]!;
      const code = line.code;
      let b = Benefit.None;
      if (OFFICE.has(code)) b = Benefit.Office;
      else if (PREVENTIVE.has(code)) b = Benefit.Preventive;
      else if (code === "45378" && line.diagnoses.includes("Z1211")) b = Benefit.Colonoscopy;
      else if (PHYSICAL_THERAPY.has(code)) b = Benefit.PhysicalTherapy;
      benefit[i] = b;
      if (b === Benefit.None) {
        status[i] = DENIED;
        reason[i] = "CO-204";
      }
    }

    // phase 9: authorization (physical therapy), lines in line-number order
    let taken: Map<string, number> | null = null;
    for (let i = 0; i < n; i++) {
      if (status[i] !== PAID || benefit[i] !== Benefit.PhysicalTherapy) continue;
      const line = lines[i]!;
      taken ??= new Map();
      let matched = false;
      let chosen: string | null = null;
      for (const a of context.authorizations) {
        if (claim.priorAuthorization !== null && a.number !== claim.priorAuthorization) continue;
        if (!a.codes.includes(line.code) || a.from > line.serviceDate || line.serviceDate > a.to) continue;
        matched = true;
        if (a.units - a.used - (taken.get(a.number) ?? 0) >= line.units) {
          chosen = a.number;
          break;
        }
      }
      if (!matched) {
        status[i] = DENIED;
        reason[i] = "CO-197";
      } else if (chosen === null) {
        status[i] = DENIED;
        reason[i] = "CO-198";
      } else taken.set(chosen, (taken.get(chosen) ?? 0) + line.units);
    }

    // phase 10: limits — 20 physical therapy visits (distinct dates) a plan year
    {
      const dates: number[] = [];
      for (let i = 0; i < n; i++)
        if (status[i] === PAID && benefit[i] === Benefit.PhysicalTherapy && !dates.includes(lines[i]!.serviceDate)) dates.push(lines[i]!.serviceDate);
      if (dates.length) {
        dates.sort((x, y) => x - y);
        const before = context.accumulators.pt_visits ?? 0;
        let visits = 0;
        for (const date of dates) {
          const within = before + visits < PT_VISIT_LIMIT;
          if (!within) {
            for (let i = 0; i < n; i++) {
              if (status[i] === PAID && benefit[i] === Benefit.PhysicalTherapy && lines[i]!.serviceDate === date) {
                status[i] = DENIED;
                reason[i] = "CO-119";
              }
            }
          } else visits++;
        }
      }
    }

    // phase 11: pricing
    for (let i = 0; i < n; i++) {
      if (status[i] !== PAID) continue;
      const line = lines[i]!;
      const fee = fees.get(line.code);
      if (fee === undefined) {
        status[i] = PENDED;
        reason[i] = "CO-133";
        continue;
      }
      const a = Math.min(line.charge, fee * line.units);
      allowed[i] = a;
      writeOff[i] = line.charge - a;
    }

    // phase 12: cost share, in line-number order, against the tier's accumulators
    const network = claim.provider.network;
    const tier = TIER[network];
    const acc = context.accumulators;
    let deductibleAdded = 0;
    let oopAdded = 0;
    for (let i = 0; i < n; i++) {
      if (status[i] !== PAID) continue;
      const terms = TERMS[network][benefit[i]!]!;
      let room = Math.max(0, tier.outOfPocket - ((acc[tier.oopAcc] ?? 0) + oopAdded));
      let rest = allowed[i]!;
      const c = Math.min(terms.copay, rest, room);
      rest -= c;
      room -= c;
      let d = 0;
      if (terms.deductible) {
        const remaining = Math.max(0, tier.deductible - ((acc[tier.deductibleAcc] ?? 0) + deductibleAdded));
        d = Math.min(rest, remaining, room);
        rest -= d;
        room -= d;
      }
      const co = Math.min(applyRate(rest, terms.coinsurance), room);
      copay[i] = c;
      deductible[i] = d;
      coinsurance[i] = co;
      deductibleAdded += d;
      oopAdded += c + d + co;
    }

    // the result
    const out: ResultLine[] = new Array(n);
    let billed = 0;
    let allowedTotal = 0;
    let paidTotal = 0;
    let patientTotal = 0;
    let denied = 0;
    let pended = 0;
    const ptDates: number[] = [];
    for (let i = 0; i < n; i++) {
      const line = lines[i]!;
      billed += line.charge;
      const s = status[i]!;
      if (s === PAID) {
        const adjustments = [];
        if (writeOff[i]! > 0) adjustments.push({ group: "CO", reason: "45", amount: formatMoney(writeOff[i]!) });
        if (copay[i]! > 0) adjustments.push({ group: "PR", reason: "3", amount: formatMoney(copay[i]!) });
        if (deductible[i]! > 0) adjustments.push({ group: "PR", reason: "1", amount: formatMoney(deductible[i]!) });
        if (coinsurance[i]! > 0) adjustments.push({ group: "PR", reason: "2", amount: formatMoney(coinsurance[i]!) });
        const patient = copay[i]! + deductible[i]! + coinsurance[i]!;
        const paid = allowed[i]! - patient;
        allowedTotal += allowed[i]!;
        paidTotal += paid;
        patientTotal += patient;
        if (benefit[i] === Benefit.PhysicalTherapy && !ptDates.includes(line.serviceDate)) ptDates.push(line.serviceDate);
        out[i] = {
          lineNumber: line.lineNumber,
          status: "paid",
          reason: null,
          billed: formatMoney(line.charge),
          allowed: formatMoney(allowed[i]!),
          paid: formatMoney(paid),
          patientResponsibility: formatMoney(patient),
          adjustments,
          remarks: [],
        };
      } else {
        const r = reason[i]!;
        if (s === DENIED) denied++;
        else pended++;
        out[i] = {
          lineNumber: line.lineNumber,
          status: STATUS[s]!,
          reason: r,
          billed: formatMoney(line.charge),
          allowed: "0.00",
          paid: "0.00",
          patientResponsibility: "0.00",
          adjustments: s === DENIED ? [{ group: r.slice(0, 2), reason: r.slice(3), amount: formatMoney(line.charge) }] : [],
          remarks: s === DENIED && r === "CO-151" ? ["N362"] : [],
        };
      }
    }

    // deltas, names sorted: deductible, oon_deductible, oon_out_of_pocket, out_of_pocket, pt_visits
    const accumulators: Record<string, string | number> = {};
    if (network === "in" && deductibleAdded !== 0) accumulators.deductible = formatMoney(deductibleAdded);
    if (network === "out" && deductibleAdded !== 0) accumulators.oon_deductible = formatMoney(deductibleAdded);
    if (network === "out" && oopAdded !== 0) accumulators.oon_out_of_pocket = formatMoney(oopAdded);
    if (network === "in" && oopAdded !== 0) accumulators.out_of_pocket = formatMoney(oopAdded);
    if (ptDates.length !== 0) accumulators.pt_visits = ptDates.length;

    const claimStatus: ClaimStatus = pended > 0 ? "pended" : denied === n ? "denied" : denied === 0 ? "paid" : "partial";
    return {
      claimId: claim.id,
      ruleset,
      status: claimStatus,
      totals: {
        billed: formatMoney(billed),
        allowed: formatMoney(allowedTotal),
        paid: formatMoney(paidTotal),
        patientResponsibility: formatMoney(patientTotal),
      },
      lines: out,
      accumulators,
    };
  };
}
