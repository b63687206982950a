// Generates claims and contexts (the JSON contract of docs/CONTRACT.md) for the benchmarks: a seeded,
// realistic mix for demo-ppo + cms-edits, drawn from whatever tables the pack has (the small
// shipped ones or the large generated ones).
//
//   npm run gen:claims -- [--seed N] [--count 100000] [--out bench/generated/claims.ndjson]
//                         [--rules bench/generated/demo-ppo]
//
// In process: `generateClaims(seed, count, loadPackTables(dir))` or `iterateClaims(...)`.
//
// The mix: 1–10 lines (mean ≈ 4); office visits, preventive visits, physical therapy,
// colonoscopies and other services, mostly in network. Clean claims are built to pass the edits
// (valid codes, supported diagnoses, no incidental PTP pair or MUE overage, age-appropriate
// preventive codes); then, independently, a claim gets a PTP pair (~5%, some against paid
// history), an MUE overage (~3%), a sex/age conflict (~1%), a necessity failure (~3%), service
// outside coverage (~2%), late filing (~1%), a duplicate of a paid line (~1%), an invalid
// procedure, diagnosis or modifier (~1% in all). Physical therapy mostly carries a matching
// authorization. Members have several claims; their history holds their earlier claims' lines.
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { dayFromCivil, formatDate, yearsBetween } from "../src/model/dates.js";
import { expandRange } from "../src/model/codes.js";
import type { ClaimJson, ContextJson } from "../src/model/schemas.js";
import { Rng, formatBytes, intArg, parseArgs } from "./rng.js";
import { indexPtp, loadPackTables, type PackTables, type PtpIndex, type SexAgeRow, type MueRow } from "./tables.js";
import { NCCI_MODIFIERS } from "./baseline.js";

export interface ClaimRecord {
  claim: ClaimJson;
  context: ContextJson;
}

/** how many claims each injected scenario touched (a claim can have several) */
export type ClaimStats = Record<string, number>;

const OFFICE_NEW = expandRange("99202", "99205")!;
const OFFICE_ESTABLISHED = expandRange("99211", "99215")!;
const PREVENTIVE_NEW = expandRange("99381", "99387")!;
const PREVENTIVE_ESTABLISHED = expandRange("99391", "99397")!;
const PT_CODES = ["97110", "97112", "97140", "97530"];
const COLONOSCOPY = "45378";
const BENEFIT_CODES = new Set([...OFFICE_NEW, ...OFFICE_ESTABLISHED, ...expandRange("99381", "99397")!, ...PT_CODES, COLONOSCOPY]);

const YEAR_START = dayFromCivil(2026, 1, 1);
const YEAR_END = dayFromCivil(2026, 12, 31);
const PLAN_ID = "DEMO-PPO-2026";

// ---------------------------------------------------------------- the catalog built from tables

interface Catalog {
  procedures: Map<string, number[]>;
  diagnoses: Map<string, number[]>;
  /** diagnosis codes, sorted (prefix search) */
  diagnosisList: string[];
  /** diagnoses valid all through 2026 */
  stableDiagnoses: string[];
  /** diagnoses not valid on some 2026 dates (for CO-146) */
  unstableDiagnoses: string[];
  modifiers: Set<string>;
  /** modifiers a clean line may carry, present in the table */
  commonModifiers: string[];
  sexAge: Map<string, SexAgeRow[]>;
  mue: Map<string, MueRow[]>;
  necessity: Map<string, string[]>;
  fees: Map<string, number>;
  ptp: PtpIndex;
  /** non-benefit procedures valid all through 2026 */
  ancillary: string[];
  /** procedures not valid on some 2026 dates (for CO-181) */
  unstableProcedures: string[];
  /** procedures with an MUE row, valid all 2026 */
  mueCodes: string[];
  /** procedures with necessity rows, valid all 2026 */
  necessityCodes: string[];
  preventiveDiagnoses: string[];
}

function periods<T extends { code: string; from: number; until: number }>(rows: readonly T[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const p = out.get(r.code);
    if (p) p.push(r.from, r.until);
    else out.set(r.code, [r.from, r.until]);
  }
  return out;
}

const activeOn = (p: number[] | undefined, day: number) => {
  if (!p) return false;
  for (let i = 0; i < p.length; i += 2) if (p[i]! <= day && day < p[i + 1]!) return true;
  return false;
};

const stable = (p: number[] | undefined) => {
  if (!p) return false;
  for (let i = 0; i < p.length; i += 2) if (p[i]! <= YEAR_START && YEAR_END < p[i + 1]!) return true;
  return false;
};

function groupBy<T extends { code: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const l = out.get(r.code);
    if (l) l.push(r);
    else out.set(r.code, [r]);
  }
  return out;
}

const catalogs = new WeakMap<PackTables, Catalog>();

function catalog(t: PackTables): Catalog {
  const cached = catalogs.get(t);
  if (cached) return cached;
  const procedures = periods(t.procedures);
  const diagnoses = periods(t.diagnoses);
  const diagnosisList = [...diagnoses.keys()].sort();
  const necessity = new Map<string, string[]>();
  for (const r of t.necessity) {
    const l = necessity.get(r.code);
    if (l) l.push(r.diagnosis);
    else necessity.set(r.code, [r.diagnosis]);
  }
  const modifiers = new Set(t.modifiers);
  const procedureList = [...procedures.keys()].sort();
  const c: Catalog = {
    procedures,
    diagnoses,
    diagnosisList,
    stableDiagnoses: diagnosisList.filter((d) => stable(diagnoses.get(d))),
    unstableDiagnoses: diagnosisList.filter((d) => !stable(diagnoses.get(d))),
    modifiers,
    commonModifiers: ["59", "XS", "XU", "LT", "RT", "26", "TC", "76", "77", "GA", "KX", "QW"].filter((m) => modifiers.has(m)),
    sexAge: groupBy(t.sexAge),
    mue: groupBy(t.mue),
    necessity,
    fees: t.fees,
    ptp: indexPtp(t.ptp),
    ancillary: procedureList.filter((p) => !BENEFIT_CODES.has(p) && stable(procedures.get(p))),
    unstableProcedures: procedureList.filter((p) => !stable(procedures.get(p))),
    mueCodes: [...new Set(t.mue.map((r) => r.code))].filter((p) => stable(procedures.get(p))).sort(),
    necessityCodes: [...necessity.keys()].filter((p) => stable(procedures.get(p))).sort(),
    preventiveDiagnoses: diagnosisList.filter((d) => /^Z00/.test(d) && stable(diagnoses.get(d))),
  };
  if (c.stableDiagnoses.length === 0) throw new Error("the diagnosis table has no code valid all through 2026");
  catalogs.set(t, c);
  return c;
}

// ---------------------------------------------------------------- claim building blocks

interface Line {
  date: number;
  code: string;
  modifiers: string[];
  units: number;
  charge: number;
  pos: string;
  dx: string[];
}

interface PastLine {
  date: number;
  code: string;
  modifiers: string[];
  units: number;
  charge: number;
  dx: string[];
}

interface PastClaim {
  id: string;
  npi: string;
  network: "in" | "out";
  lines: PastLine[];
  status: "paid" | "denied";
}

interface Member {
  id: string;
  birthDate: number;
  sex: "F" | "M" | "U";
  coverage: Array<{ from: number; to: number | null }>;
  provider: number;
  deductible: number;
  outOfPocket: number;
  oonDeductible: number;
  oonOutOfPocket: number;
  ptVisits: number;
  claims: number;
  past: PastClaim[];
  auth: { number: number; codes: string[]; from: number; to: number; units: number; used: number } | null;
  nextAuth: number;
}

interface Provider {
  npi: string;
  network: "in" | "out";
}

/** a 10-digit NPI with a valid Luhn check digit (prefix 80840) */
function npiFrom(base: number): string {
  const body = String(100000000 + (base % 900000000)).slice(0, 9);
  const digits = `80840${body}`;
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const money = (rng: Rng, cents: number): string | number => (rng.chance(0.8) ? centsText(cents) : cents / 100);
const centsText = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
const date = formatDate;

/** the claims of `count` generated from `tables`, as an array */
export function generateClaims(seed: number, count: number, tables: PackTables, stats?: ClaimStats): ClaimRecord[] {
  return Array.from(iterateClaims(seed, count, tables, stats));
}

/** the same claims one at a time (for streaming to a file) */
export function* iterateClaims(seed: number, count: number, tables: PackTables, stats: ClaimStats = {}): Generator<ClaimRecord> {
  const cat = catalog(tables);
  const rng = new Rng(seed);
  const tally = (name: string) => (stats[name] = (stats[name] ?? 0) + 1);

  const providers: Provider[] = Array.from({ length: Math.max(8, Math.round(count / 40)) }, (_, i) => ({
    npi: npiFrom(rng.nextU32() + i),
    network: rng.chance(0.88) ? "in" : "out",
  }));
  const memberCount = Math.max(20, Math.round(count / 5));
  const members: (Member | undefined)[] = new Array(memberCount);
  const memberAt = (i: number): Member => (members[i] ??= newMember(rng, i, providers.length));

  // ---- helpers over the tables
  const procOk = (code: string, day: number) => activeOn(cat.procedures.get(code), day);
  const dxOk = (code: string, day: number) => activeOn(cat.diagnoses.get(code), day);
  const sexAgeOk = (code: string, m: Member, day: number) => {
    const limits = cat.sexAge.get(code);
    if (!limits) return true;
    const age = yearsBetween(m.birthDate, day);
    for (const l of limits) {
      if (l.sex !== null && l.sex !== m.sex) return false;
      if ((l.minAge !== null && age < l.minAge) || (l.maxAge !== null && age > l.maxAge)) return false;
    }
    return true;
  };
  const mueLimit = (code: string, units: number) => {
    // the most units a code may bill on one date
    let max = Infinity;
    for (const r of cat.mue.get(code) ?? []) max = Math.min(max, r.mue);
    return Math.max(1, Math.min(units, max));
  };
  const matches = (d: string, p: string) => (p.endsWith("*") ? d.startsWith(p.slice(0, -1)) : d === p);
  const supports = (code: string, dx: readonly string[]) => {
    const list = cat.necessity.get(code);
    return !list || dx.some((d) => list.some((p) => matches(d, p)));
  };
  /** a diagnosis valid on `day` matching a pattern (prefix or code), or null */
  const diagnosisFor = (pattern: string, day: number): string | null => {
    if (!pattern.endsWith("*")) return dxOk(pattern, day) ? pattern : null;
    const prefix = pattern.slice(0, -1);
    const list = cat.diagnosisList;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < list.length && list[end]!.startsWith(prefix) && end - lo < 400) end++;
    for (let k = 0; k < 6 && end > lo; k++) {
      const d = list[rng.int(lo, end - 1)]!;
      if (dxOk(d, day)) return d;
    }
    for (let i = lo; i < end; i++) if (dxOk(list[i]!, day)) return list[i]!;
    return null;
  };
  /** a supporting diagnosis for a code that needs one, or null when none can be found */
  const supportFor = (code: string, day: number): string | null => {
    const list = cat.necessity.get(code);
    if (!list) return null;
    for (let k = 0; k < 6; k++) {
      const d = diagnosisFor(rng.pick(list), day);
      if (d) return d;
    }
    return null;
  };
  const randomDiagnosis = () => rng.pick(cat.stableDiagnoses);
  const unsupportingDiagnosis = (code: string): string | null => {
    for (let k = 0; k < 20; k++) {
      const d = randomDiagnosis();
      if (!supports(code, [d])) return d;
    }
    return null;
  };
  const ptpDenies = (c1: string, c2: string, day: number, m1: readonly string[], m2: readonly string[]) => {
    const t = cat.ptp.table;
    const a = t.codeId.get(c1);
    const b = t.codeId.get(c2);
    if (a === undefined || b === undefined) return -1;
    for (let r = cat.ptp.first(a, b); r >= 0; r = cat.ptp.next[r]!) {
      if (!(t.from[r]! <= day && day < t.until[r]!)) continue;
      const ind = t.indicator[r]!;
      if (ind === 0) return 0;
      if (ind === 1 && !m1.some((m) => NCCI_MODIFIERS.has(m)) && !m2.some((m) => NCCI_MODIFIERS.has(m))) return 1;
    }
    return -1;
  };
  const feeCharge = (code: string, units: number): number => {
    const fee = cat.fees.get(code);
    if (fee === undefined) return Math.max(500, Math.round(Math.exp(rng.normal() * 0.8 + Math.log(18000)))) * units;
    const roll = rng.next();
    const markup = roll < 0.1 ? 1 : roll < 0.15 ? 0.8 + rng.next() * 0.2 : 1 + rng.next() * 1.5;
    return Math.max(0, Math.round(fee * units * markup));
  };
  const ancillaryFor = (m: Member, day: number, taken: readonly string[]): string | null => {
    for (let k = 0; k < 12; k++) {
      const c = rng.pick(cat.ancillary);
      if (!taken.includes(c) && sexAgeOk(c, m, day) && (!cat.necessity.has(c) || supportFor(c, day))) return c;
    }
    return null;
  };
  const preventiveCode = (m: Member, day: number, established: boolean): string | null => {
    const codes = (established ? PREVENTIVE_ESTABLISHED : PREVENTIVE_NEW).filter((c) => procOk(c, day) && sexAgeOk(c, m, day));
    return codes.length ? rng.pick(codes) : null;
  };

  for (let index = 0; index < count; index++) {
    const memberIndex = Math.min(memberCount - 1, Math.floor(memberCount * rng.next() ** 1.3));
    const m = memberAt(memberIndex);
    m.claims++;
    const provider = rng.chance(0.7) ? providers[m.provider]! : rng.pick(providers);
    const network = provider.network;

    // the service date moves through the plan year with the claim index
    const base = YEAR_START + 1 + Math.floor((index * 358) / Math.max(1, count));
    let day = Math.min(YEAR_END - 10, Math.max(YEAR_START, base + rng.int(-6, 6)));
    const cov = m.coverage[0]!;
    if (day < cov.from) day = Math.min(YEAR_END - 10, cov.from + rng.int(0, 20));
    if (cov.to !== null && day > cov.to) day = Math.max(cov.from, cov.to - rng.int(0, 20));

    const nLines = rng.choose([
      [1, 18],
      [2, 15],
      [3, 14],
      [4, 13],
      [5, 11],
      [6, 9],
      [7, 7],
      [8, 5],
      [9, 4],
      [10, 4],
    ] as const);
    const kind = rng.choose([
      ["office", 42],
      ["preventive", 12],
      ["pt", 19],
      ["colonoscopy", 5],
      ["other", 22],
    ] as const);
    tally(`kind ${kind}`);
    const lines: Line[] = [];
    const pos = rng.choose([
      ["11", 80],
      ["22", 8],
      ["02", 4],
      ["10", 2],
      ["19", 3],
      ["24", 3],
    ] as const);
    const principal = randomDiagnosis();
    const add = (code: string, onDay: number, modifiers: string[], units: number, dx: string[]) => {
      const u = mueLimit(code, units);
      lines.push({ date: onDay, code, modifiers, units: u, charge: rng.chance(0.003) ? 0 : feeCharge(code, u), pos, dx });
    };
    const dxFor = (code: string, onDay: number, fallback: string): string[] => {
      if (cat.necessity.has(code)) {
        const s = supportFor(code, onDay);
        return s ? (rng.chance(0.3) ? [s, fallback] : [s]) : [fallback];
      }
      return rng.chance(0.2) ? [fallback, randomDiagnosis()] : [fallback];
    };
    const lastCovered = Math.min(YEAR_END, cov.to ?? YEAR_END);
    /** the date of a follow-up visit, a week or so after the previous one; null past coverage */
    const followUp = (after: number): number | null => {
      const d = after + rng.int(5, 10);
      return d <= lastCovered ? d : null;
    };
    const visitCode = (established: boolean, onDay: number) => rng.pick((established ? OFFICE_ESTABLISHED : OFFICE_NEW).filter((c) => procOk(c, onDay)));
    /** fills the claim up to `upTo` lines: follow-up office visits with probability `visits`, else ancillary services */
    const fill = (upTo: number, visits: number, primary: string) => {
      let visitDay = day;
      while (lines.length < upTo) {
        const next = rng.chance(visits) ? followUp(visitDay) : null;
        if (next !== null) {
          visitDay = next;
          add(visitCode(true, next), next, [], 1, [rng.chance(0.8) ? primary : randomDiagnosis()]);
          continue;
        }
        const onDay = rng.pick([...new Set(lines.map((l) => l.date))].concat(lines.length ? [] : [day]));
        const c = ancillaryFor(
          m,
          onDay,
          lines.filter((l) => l.date === onDay).map((l) => l.code),
        );
        if (!c) break;
        const mods = rng.chance(0.06) && cat.commonModifiers.length ? [rng.pick(cat.commonModifiers)] : [];
        add(c, onDay, mods, rng.chance(0.9) ? 1 : rng.int(2, 3), dxFor(c, onDay, primary));
      }
    };

    if (kind === "office") {
      const mods: string[] = [];
      if (nLines > 1 && rng.chance(0.3) && cat.modifiers.has("25")) mods.push("25");
      if ((pos === "02" || pos === "10") && cat.modifiers.has("95")) mods.push("95");
      add(visitCode(m.claims > 1 || rng.chance(0.3), day), day, mods, 1, [principal]);
      fill(nLines, 0.6, principal);
    } else if (kind === "preventive") {
      const code = preventiveCode(m, day, m.claims > 1);
      const dx = cat.preventiveDiagnoses.length ? rng.pick(cat.preventiveDiagnoses) : principal;
      if (code) add(code, day, [], 1, [dx]);
      if (lines.length < nLines && rng.chance(0.15) && cat.modifiers.has("25")) add(visitCode(true, day), day, ["25"], 1, [principal]);
      fill(nLines, 0.35, dx);
    } else if (kind === "pt") {
      // 1–4 distinct therapy codes a visit, visits two to four days apart
      const perVisit = rng.int(1, 4);
      const visits = Math.max(1, Math.min(6, Math.round(nLines / perVisit)));
      const dx = supportFor("97110", day) ?? principal;
      for (let k = 0, d = day; k < visits && lines.length < 10; k++, d += rng.int(2, 4)) {
        if (d > lastCovered) break;
        for (const c of rng.shuffle([...PT_CODES]).slice(0, perVisit)) {
          if (!procOk(c, d) || lines.length >= 10) continue;
          add(
            c,
            d,
            rng.chance(0.9) && cat.modifiers.has("GP") ? ["GP"] : [],
            rng.choose([
              [1, 45],
              [2, 35],
              [3, 15],
              [4, 5],
            ] as const),
            [dx],
          );
        }
      }
    } else if (kind === "colonoscopy") {
      const screening = rng.chance(0.8);
      const dx = screening ? (dxOk("Z1211", day) ? "Z1211" : principal) : (supportFor(COLONOSCOPY, day) ?? principal);
      if (procOk(COLONOSCOPY, day)) add(COLONOSCOPY, day, [], 1, screening && rng.chance(0.3) ? [dx, principal] : [dx]);
      fill(Math.min(nLines, 4), 0.3, dx);
    } else {
      // other services: mostly generated codes, an office visit with some
      if (rng.chance(0.4)) add(visitCode(true, day), day, nLines > 1 && cat.modifiers.has("25") && rng.chance(0.5) ? ["25"] : [], 1, [principal]);
      fill(nLines, 0.1, principal);
    }
    if (lines.length === 0) {
      const code = rng.pick(OFFICE_ESTABLISHED.filter((c) => procOk(c, day)));
      add(code, day, [], 1, [principal]);
    }

    // no incidental PTP pair: bypass with a modifier (indicator 1) or drop the column-two line
    for (let again = true; again; ) {
      again = false;
      for (let i = 0; i < lines.length && !again; i++) {
        for (let j = 0; j < lines.length && !again; j++) {
          if (i === j || lines[i]!.date !== lines[j]!.date) continue;
          const ind = ptpDenies(lines[i]!.code, lines[j]!.code, lines[i]!.date, lines[i]!.modifiers, lines[j]!.modifiers);
          if (ind < 0) continue;
          const col2 = lines[j]!;
          const bypass = OFFICE_NEW.includes(col2.code) || OFFICE_ESTABLISHED.includes(col2.code) ? "25" : rng.pick(["59", "XS", "XU"]);
          if (ind === 1 && rng.chance(0.6) && cat.modifiers.has(bypass)) col2.modifiers.push(bypass);
          else lines.splice(j, 1);
          again = true;
        }
      }
    }

    // ---- the context before injections
    const history: NonNullable<ContextJson["history"]> = [];
    for (const past of m.past) {
      for (const l of past.lines) {
        history.push({
          claimId: past.id,
          serviceDate: date(l.date),
          code: l.code,
          modifiers: [...l.modifiers],
          providerNpi: past.npi,
          status: past.status,
        });
      }
    }
    let coverage: Array<{ from: number; to: number | null }> = m.coverage.map((c) => ({ ...c }));
    let priorAuthorization: number | null = null;
    const authorizations: NonNullable<ContextJson["authorizations"]> = [];
    let receivedLag = Math.max(1, Math.round(Math.exp(rng.normal() * 0.7 + Math.log(12))));

    // ---- injections
    const lastDate = () => Math.max(...lines.map((l) => l.date));
    const addOrReplace = (line: Line) => {
      if (lines.length < 10) lines.push(line);
      else lines[lines.length - 1] = line;
    };

    // PTP pair on the same date, or against a paid line of the same provider and date in history
    if (rng.chance(0.05)) {
      const t = cat.ptp.table;
      for (let k = 0; k < 60 && t.length > 0; k++) {
        const r = rng.int(0, t.length - 1);
        const c1 = t.codes[t.column1[r]!]!;
        const c2 = t.codes[t.column2[r]!]!;
        const ind = t.indicator[r]!;
        const d = lines[0]!.date;
        if (!(t.from[r]! <= d && d < t.until[r]!) || (ind === 9 && rng.chance(0.8))) continue;
        if (!procOk(c1, d) || !procOk(c2, d) || !sexAgeOk(c1, m, d) || !sexAgeOk(c2, m, d)) continue;
        const dx2 = dxFor(c2, d, lines[0]!.dx[0]!);
        if (!supports(c2, dx2)) continue;
        const line2: Line = { date: d, code: c2, modifiers: [], units: 1, charge: feeCharge(c2, 1), pos, dx: dx2 };
        if (ind === 1 && rng.chance(0.2) && cat.modifiers.has("59")) line2.modifiers.push("59");
        if (rng.chance(0.15)) {
          history.push({
            claimId: `C-${String(seed).padStart(2, "0")}-H${String(index + 1).padStart(7, "0")}`,
            serviceDate: date(d),
            code: c1,
            modifiers: [],
            providerNpi: provider.npi,
            status: "paid",
          });
          tally("ptp-history");
        } else {
          addOrReplace({ date: d, code: c1, modifiers: [], units: 1, charge: feeCharge(c1, 1), pos, dx: dxFor(c1, d, lines[0]!.dx[0]!) });
          tally("ptp");
        }
        addOrReplace(line2);
        break;
      }
    }

    // MUE overage on one line (MAI 1) or summed over two lines of a date (MAI 2/3)
    if (rng.chance(0.03)) {
      let target = lines.find((l) => cat.mue.has(l.code));
      if (!target && cat.mueCodes.length) {
        for (let k = 0; k < 10; k++) {
          const c = rng.pick(cat.mueCodes);
          if (!sexAgeOk(c, m, lines[0]!.date)) continue;
          const dx = dxFor(c, lines[0]!.date, lines[0]!.dx[0]!);
          if (!supports(c, dx)) continue;
          target = { date: lines[0]!.date, code: c, modifiers: [], units: 1, charge: 0, pos, dx };
          addOrReplace(target);
          break;
        }
      }
      if (target) {
        const row = cat.mue.get(target.code)![0]!;
        if (row.mai !== 1 && lines.length < 10 && rng.chance(0.5)) {
          target.units = Math.max(1, Math.ceil(row.mue / 2));
          lines.push({ ...target, modifiers: rng.chance(0.5) && cat.modifiers.has("76") ? ["76"] : [], units: row.mue + 1 - target.units, dx: [...target.dx] });
        } else target.units = row.mue + rng.int(1, 2);
        for (const l of lines) if (l.code === target.code) l.charge = feeCharge(l.code, l.units);
        tally("mue");
      }
    }

    // sex or age conflict
    if (rng.chance(0.01)) {
      const d = lines[0]!.date;
      const conflicting = tables.sexAge.filter((r) => procOk(r.code, d) && !sexAgeOk(r.code, m, d));
      if (conflicting.length) {
        const c = rng.pick(conflicting).code;
        addOrReplace({ date: d, code: c, modifiers: [], units: 1, charge: feeCharge(c, 1), pos, dx: dxFor(c, d, lines[0]!.dx[0]!) });
        tally("sex-age");
      }
    }

    // necessity failure: a listed procedure pointing at no supporting diagnosis
    if (rng.chance(0.03)) {
      let target = lines.find((l) => cat.necessity.has(l.code));
      if (!target && cat.necessityCodes.length) {
        const c = rng.pick(cat.necessityCodes);
        if (sexAgeOk(c, m, lines[0]!.date)) {
          target = { date: lines[0]!.date, code: c, modifiers: [], units: 1, charge: feeCharge(c, 1), pos, dx: [] };
          addOrReplace(target);
        }
      }
      const d = target && unsupportingDiagnosis(target.code);
      if (target && d) {
        target.dx = [d];
        // PT lines of one claim share their diagnosis: they fail together
        tally("necessity");
      } else if (target && target.dx.length === 0) target.dx = [principal];
    }

    // invalid procedure, diagnosis or modifier
    if (rng.chance(0.005) && cat.unstableProcedures.length) {
      const d = lines[0]!.date;
      const invalid = cat.unstableProcedures.filter((c) => !procOk(c, d));
      if (invalid.length) {
        const c = rng.pick(invalid);
        addOrReplace({ date: d, code: c, modifiers: [], units: 1, charge: feeCharge(c, 1), pos, dx: [lines[0]!.dx[0]!] });
        tally("invalid-procedure");
      }
    }
    if (rng.chance(0.004) && cat.unstableDiagnoses.length) {
      const l = rng.pick(lines);
      const invalid = cat.unstableDiagnoses.filter((c) => !dxOk(c, l.date));
      if (invalid.length) {
        l.dx = [rng.pick(invalid), ...l.dx].slice(0, 4);
        tally("invalid-diagnosis");
      }
    }
    if (rng.chance(0.003)) {
      const l = rng.pick(lines);
      for (let k = 0; k < 50; k++) {
        const mod = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[rng.int(0, 33)]! + "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"[rng.int(0, 33)]!;
        if (cat.modifiers.has(mod)) continue;
        l.modifiers.push(mod);
        tally("invalid-modifier");
        break;
      }
    }

    // duplicate: re-bill lines of an earlier paid claim of this member (same provider and date)
    let npi = provider.npi;
    let net = network;
    if (rng.chance(0.01) && m.past.length) {
      const past = rng.pick(m.past);
      npi = past.npi;
      net = past.network;
      const copies = past.lines.slice(0, rng.int(1, past.lines.length));
      lines.length = 0;
      for (const l of copies)
        lines.push({ date: l.date, code: l.code, modifiers: rng.shuffle([...l.modifiers]), units: l.units, charge: l.charge, pos, dx: [...l.dx] });
      for (const l of copies) {
        history.push({ claimId: past.id, serviceDate: date(l.date), code: l.code, modifiers: [...l.modifiers], providerNpi: npi, status: "paid" });
      }
      tally("duplicate");
    }

    // eligibility: service before coverage began, or after it ended
    if (rng.chance(0.02)) {
      const first = Math.min(...lines.map((l) => l.date));
      const last = lastDate();
      if (rng.chance(0.5)) {
        coverage = rng.chance(0.1) ? [] : [{ from: last + rng.int(1, 90), to: null }];
        tally("before-coverage");
      } else {
        // ended before the claim's first date, or part-way through it; sometimes a new period
        // starts later (a gap: the dates in it are after the first period ended)
        const end = first < last && rng.chance(0.3) ? rng.int(first, last - 1) : first - rng.int(1, 60);
        coverage = [{ from: Math.min(first, YEAR_START) - 365, to: end }];
        if (rng.chance(0.3)) coverage.push({ from: last + rng.int(1, 30), to: null });
        tally("after-coverage");
      }
    }
    if (rng.chance(0.01)) {
      receivedLag = 365 + rng.int(1, 180);
      tally("late-filing");
    }

    // physical therapy: an authorization, mostly matching; a visit count, sometimes near 20
    const ptLines = lines.filter((l) => PT_CODES.includes(l.code));
    let ptVisits = m.ptVisits;
    if (ptLines.length) {
      const first = Math.min(...ptLines.map((l) => l.date));
      const last = Math.max(...ptLines.map((l) => l.date));
      const needed = ptLines.reduce((s, l) => s + l.units, 0);
      if (!m.auth || m.auth.to < last || m.auth.from > first || m.auth.units - m.auth.used < needed) {
        const from = first - rng.int(0, 30);
        const units = rng.int(Math.max(12, needed), 60);
        m.auth = {
          number: m.nextAuth++,
          codes: rng.chance(0.85) ? [...PT_CODES] : PT_CODES.filter((c) => ptLines.some((l) => l.code === c)),
          from,
          to: from + rng.int(60, 180),
          units,
          used: rng.int(0, units - needed),
        };
      }
      const scenario = rng.choose([
        ["ok", 85],
        ["used-up", 5],
        ["none", 5],
        ["mismatch", 5],
      ] as const);
      tally(`auth ${scenario}`);
      const a = { ...m.auth, codes: [...m.auth.codes] };
      if (scenario === "used-up") a.used = Math.max(0, a.units - rng.int(0, Math.max(0, needed - 1)));
      if (scenario === "mismatch") {
        // the authorization ended before the first visit, or names other codes
        const others = PT_CODES.filter((c) => !ptLines.some((l) => l.code === c));
        if (others.length && rng.chance(0.5)) a.codes = others;
        else {
          a.to = first - rng.int(1, 30);
          a.from = Math.min(a.from, a.to - 30);
        }
      }
      if (scenario !== "none") {
        if (rng.chance(0.2)) {
          // an older, expired authorization alongside
          authorizations.push({
            number: a.number - 1000 > 0 ? a.number - 1000 : a.number + 50000,
            codes: [...PT_CODES],
            from: date(a.from - 200),
            to: date(a.from - 100),
            units: 20,
            used: 20,
          });
        }
        authorizations.push({ number: a.number, codes: a.codes, from: date(a.from), to: date(a.to), units: a.units, used: a.used });
        if (rng.chance(0.4)) priorAuthorization = rng.chance(0.05) ? a.number + 1 : a.number;
      }
      if (scenario === "ok") m.auth.used += needed;
      if (rng.chance(0.06)) ptVisits = rng.int(17, 21);
      m.ptVisits += new Set(ptLines.map((l) => l.date)).size;
    }

    // ---- write the claim
    const order = lines.map((_, i) => i);
    if (rng.chance(0.05)) rng.shuffle(order);
    const diagnoses: string[] = [];
    const pointer = (d: string) => {
      let i = diagnoses.indexOf(d);
      if (i < 0) {
        if (diagnoses.length >= 12) return 1;
        diagnoses.push(d);
        i = diagnoses.length - 1;
      }
      return i + 1;
    };
    const linePointers = lines.map((l) => [...new Set(l.dx.slice(0, 4).map(pointer))]);
    const dotted = (d: string) => (d.length > 3 && rng.chance(0.5) ? `${d.slice(0, 3)}.${d.slice(3)}` : d);
    const received = lastDate() + receivedLag;
    const claim: ClaimJson = {
      id: `C-${String(seed).padStart(2, "0")}-${String(index + 1).padStart(7, "0")}`,
      receivedDate: date(received),
      member: { id: m.id, birthDate: date(m.birthDate), sex: m.sex },
      provider: { npi, network: net },
      diagnoses: diagnoses.map(dotted),
      lines: order.map((i) => {
        const l = lines[i]!;
        return {
          lineNumber: i + 1,
          serviceDate: date(l.date),
          code: l.code,
          modifiers: l.modifiers,
          units: l.units,
          charge: money(rng, l.charge),
          placeOfService: l.pos,
          diagnosisPointers: linePointers[i]!,
        };
      }),
    };
    if (priorAuthorization !== null) claim.priorAuthorization = priorAuthorization;

    const accumulators: Record<string, string | number> = {};
    const put = (name: string, cents: number) => {
      if (cents > 0 || rng.chance(0.3)) accumulators[name] = money(rng, cents);
    };
    const grown = Math.min(m.claims * 2500, 20000);
    const deductible = Math.min(50000, m.deductible + (m.deductible > 0 ? grown : 0));
    put("deductible", deductible);
    put("out_of_pocket", Math.min(300000, Math.max(deductible, m.outOfPocket + grown)));
    if (m.oonDeductible > 0 || net === "out") {
      put("oon_deductible", m.oonDeductible);
      put("oon_out_of_pocket", Math.max(m.oonDeductible, m.oonOutOfPocket));
    }
    if (ptVisits > 0 || rng.chance(0.3)) accumulators.pt_visits = Math.min(ptVisits, 40);

    const context: ContextJson = {
      asOf: date(received + (rng.chance(0.2) ? rng.int(1, 5) : 0)),
      coverage: coverage.map((c) => ({ planId: PLAN_ID, from: date(c.from), to: c.to === null ? null : date(c.to) })),
      accumulators,
      authorizations,
      history,
    };

    // remember this claim for the member's later history (paid mostly)
    m.past.push({
      id: claim.id,
      npi,
      network: net,
      status: rng.chance(0.92) ? "paid" : "denied",
      lines: lines.slice(0, 6).map((l) => ({ date: l.date, code: l.code, modifiers: [...l.modifiers], units: l.units, charge: l.charge, dx: [...l.dx] })),
    });
    if (m.past.length > 3) m.past.shift();

    yield { claim, context };
  }
}

function newMember(rng: Rng, index: number, providerCount: number): Member {
  const age = rng.choose([
    [[0, 1], 3],
    [[2, 17], 17],
    [[18, 39], 28],
    [[40, 64], 34],
    [[65, 92], 18],
  ] as const);
  const years = rng.int(age[0], age[1]);
  const birthDate = dayFromCivil(2026 - years, 1, 1) - rng.int(0, 364);
  const sex = rng.choose([
    ["F", 505],
    ["M", 490],
    ["U", 5],
  ] as const);
  let coverage: Member["coverage"] = [{ from: YEAR_START, to: null }];
  const roll = rng.next();
  if (roll < 0.04) coverage = [{ from: dayFromCivil(2026, rng.int(2, 9), 1), to: null }];
  else if (roll < 0.07) coverage = [{ from: dayFromCivil(2024, rng.int(1, 12), 1), to: dayFromCivil(2026, rng.int(4, 12), 1) - 1 }];
  else if (roll < 0.3) coverage = [{ from: dayFromCivil(rng.int(2015, 2025), rng.int(1, 12), 1), to: null }];
  const met = rng.next();
  const deductible = met < 0.3 ? 0 : met < 0.6 ? 50000 : rng.int(1, 49999);
  const oopRoll = rng.next();
  const outOfPocket = oopRoll < 0.02 ? 300000 : oopRoll < 0.05 ? rng.int(290000, 299999) : deductible + rng.int(0, 150000);
  const oon = rng.chance(0.15);
  const oonDeductible = oon ? rng.int(0, 100000) : 0;
  return {
    id: `M-${String(index + 1).padStart(7, "0")}`,
    birthDate,
    sex,
    coverage,
    provider: rng.int(0, providerCount - 1),
    deductible,
    outOfPocket,
    oonDeductible,
    oonOutOfPocket: oon ? oonDeductible + rng.int(0, 400000) : 0,
    ptVisits: rng.chance(0.08) ? rng.int(15, 20) : rng.int(0, 10),
    claims: 0,
    past: [],
    auth: null,
    nextAuth: 100000 + index * 10,
  };
}

// ---------------------------------------------------------------- CLI

// the repository: npm runs scripts there, and the bundled bench (bench/build.ts) lives elsewhere
const ROOT = process.cwd();

function main() {
  const args = parseArgs(process.argv.slice(2));
  const seed = intArg(args, "seed", 1);
  const count = intArg(args, "count", 100_000);
  const out = resolve(args.get("out") ?? join(ROOT, "bench", "generated", "claims.ndjson"));
  const rules = resolve(args.get("rules") ?? join(ROOT, "bench", "generated", "demo-ppo"));
  const t0 = performance.now();
  const tables = loadPackTables(rules);
  const t1 = performance.now();
  const stats: ClaimStats = {};
  const fd = openSync(out, "w");
  let chunk: string[] = [];
  let size = 0;
  let lines = 0;
  for (const record of iterateClaims(seed, count, tables, stats)) {
    const text = JSON.stringify(record);
    chunk.push(text, "\n");
    size += text.length;
    lines += record.claim.lines.length;
    if (size > 1 << 20) {
      writeSync(fd, chunk.join(""));
      chunk = [];
      size = 0;
    }
  }
  writeSync(fd, chunk.join(""));
  closeSync(fd);
  const t2 = performance.now();
  console.log(`tables ${relative(ROOT, rules)} (+ ${relative(ROOT, tables.editsDir)}) read in ${((t1 - t0) / 1000).toFixed(2)} s`);
  console.log(
    `${count} claims, ${lines} lines (mean ${(lines / Math.max(1, count)).toFixed(2)}), seed ${seed} → ${relative(ROOT, out)} ${formatBytes(statSync(out).size)} in ${((t2 - t1) / 1000).toFixed(2)} s`,
  );
  console.log(
    Object.keys(stats)
      .sort()
      .map((k) => `${k}: ${stats[k]} (${((100 * stats[k]!) / Math.max(1, count)).toFixed(1)}%)`)
      .join("\n"),
  );
}

// run as a script (`tsx bench/gen-claims.ts`), not when imported or bundled into the bench
if (/gen-claims\.ts$/.test(process.argv[1] ?? "")) main();
