// Generates NCCI-scale reference tables in exactly the formats of rules/cms-edits/tables, plus a
// demo-ppo copy that includes them with a larger fee schedule, for the benchmarks.
//
//   npm run gen:tables -- [--seed N] [--out bench/generated/cms-edits] [--plan-out DIR]
//                         [--ptp 2000000] [--mue 15000] [--diagnoses 72000] [--procedures 12000]
//                         [--sex-age 2000] [--necessity 30000] [--fees 2000]
//
// Deterministic: the same seed and sizes give byte-identical files (a seeded mulberry32, no
// Math.random, no clock in the output). Synthetic: every generated code has a valid CPT/HCPCS or
// ICD-10-CM shape but no meaning; the only real lists are the modifiers (HCPCS Level II modifiers
// are public domain; CPT modifiers are two-digit numbers). The rows of the shipped sample tables
// are carried over verbatim and the generated rows never add an edit between two codes the
// samples use, so the shipped examples adjudicate the same against the generated pack.
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { dayFromCivil, formatDate } from "../src/model/dates.js";
import { expandRange } from "../src/model/codes.js";
import { Rng, formatBytes, intArg, parseArgs } from "./rng.js";
import { eachRow } from "./tables.js";

// the repository: npm runs scripts there, and the bundled bench (bench/build.ts) lives elsewhere
const ROOT = process.cwd();
const SAMPLE_EDITS = join(ROOT, "rules", "cms-edits");
const SAMPLE_PLAN = join(ROOT, "rules", "demo-ppo");

/** the codes demo-ppo's benefits name (valuesets expanded): generated codes stay out of them */
export const BENEFIT_CODES: readonly string[] = [
  ...expandRange("99202", "99205")!,
  ...expandRange("99211", "99215")!,
  ...expandRange("99381", "99397")!,
  "45378",
  "97110",
  "97112",
  "97140",
  "97530",
];

/** CPT modifiers (two digits) and the HCPCS Level II modifiers (public domain, CMS 2019 file) */
export const MODIFIERS: readonly string[] = [
  ..."22 23 24 25 26 27 32 33 47 50 51 52 53 54 55 56 57 58 59 62 63 66 73 74 76 77 78 79 80 81 82 90 91 92 93 95 96 97 99".split(" "),
  ...(
    "A1 A2 A3 A4 A5 A6 A7 A8 A9 AA AD AE AF AG AH AI AJ AK AM AO AP AQ AR AS AT AU AV AW AX AY AZ BA BL BO BP BR BU CA CB CC " +
    "CD CE CF CG CH CI CJ CK CL CM CN CO CP CQ CR CS CT E1 E2 E3 E4 EA EB EC ED EE EJ EM EP ER ET EX EY F1 F2 F3 F4 F5 F6 F7 " +
    "F8 F9 FA FB FC FP FX FY G0 G1 G2 G3 G4 G5 G6 G7 G8 G9 GA GB GC GD GE GF GG GH GJ GK GL GM GN GO GP GQ GR GS GT GU GV GW " +
    "GX GY GZ H9 HA HB HC HD HE HF HG HH HI HJ HK HL HM HN HO HP HQ HR HS HT HU HV HW HX HY HZ J1 J2 J3 J4 JA JB JC JD JE JF JG " +
    "JW K0 K1 K2 K3 K4 KA KB KC KD KE KF KG KH KI KJ KK KL KM KN KO KP KQ KR KS KT KU KV KW KX KY KZ L1 LC LD LL LM LR LS LT M2 " +
    "MS NB NR NU P1 P2 P3 P4 P5 P6 PA PB PC PD PI PL PM PN PO PS PT Q0 Q1 Q2 Q3 Q4 Q5 Q6 Q7 Q8 Q9 QA QB QC QD QE QF QG QH QJ QK " +
    "QL QM QN QP QQ QR QS QT QW QX QY QZ RA RB RC RD RE RI RR RT SA SB SC SD SE SF SG SH SJ SK SL SM SN SQ SS ST SU SV SW SY SZ " +
    "T1 T2 T3 T4 T5 T6 T7 T8 T9 TA TB TC TD TE TF TG TH TJ TK TL TM TN TP TQ TR TS TT TU TV TW U1 U2 U3 U4 U5 U6 U7 U8 U9 UA " +
    "UB UC UD UE UF UG UH UJ UK UN UP UQ UR US V1 V2 V3 V5 V6 V7 V8 V9 VM VP X1 X2 X3 X4 X5 XE XP XS XU ZA ZB ZC"
  ).split(" "),
];

// ---------------------------------------------------------------- output

/** writes text in ~1 MiB chunks */
class ChunkWriter {
  private fd: number;
  private parts: string[] = [];
  private size = 0;
  rows = 0;
  constructor(
    readonly path: string,
    header: string,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "w");
    this.line(header);
    this.rows = 0;
  }
  line(text: string): void {
    this.parts.push(text, "\n");
    this.size += text.length + 1;
    this.rows++;
    if (this.size >= 1 << 20) this.flush();
  }
  private flush(): void {
    if (this.parts.length) writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

// ---------------------------------------------------------------- samples

interface Sample {
  header: string[];
  rows: string[][];
}

function readSample(path: string, columns: string[]): Sample {
  const rows: string[][] = [];
  eachRow(path, readFileSync(path, "utf8"), columns, (cells) => rows.push(cells));
  return { header: columns, rows };
}

// ---------------------------------------------------------------- dates

const D = (y: number, m: number, d: number) => dayFromCivil(y, m, d);
const dateText = new Map<number, string>();
const ds = (day: number): string => {
  let s = dateText.get(day);
  if (s === undefined) dateText.set(day, (s = formatDate(day)));
  return s;
};

/** first days of the quarters from 1996 Q1 to 2026 Q4 (NCCI editions are quarterly) */
const QUARTERS: number[] = [];
for (let y = 1996; y <= 2026; y++) for (const m of [1, 4, 7, 10]) QUARTERS.push(D(y, m, 1));

// ---------------------------------------------------------------- codes

/** CPT sections (numeric ranges) and HCPCS letters, with weights */
const CPT_SECTIONS: ReadonlyArray<readonly [[number, number], number]> = [
  [[100, 1999], 4], // anesthesia
  [[10004, 69990], 50], // surgery
  [[70010, 79999], 12], // radiology
  [[80047, 89398], 16], // pathology and laboratory
  [[90281, 99607], 18], // medicine, E/M
];
const HCPCS_LETTERS: ReadonlyArray<readonly [string, number]> = [
  ["A", 10],
  ["B", 2],
  ["C", 8],
  ["E", 8],
  ["G", 15],
  ["H", 4],
  ["J", 20],
  ["K", 6],
  ["L", 12],
  ["M", 1],
  ["P", 1],
  ["Q", 6],
  ["R", 1],
  ["S", 4],
  ["T", 2],
  ["U", 1],
  ["V", 4],
];

function procedureCode(rng: Rng): string {
  if (rng.chance(0.75)) {
    const [lo, hi] = rng.choose(CPT_SECTIONS);
    return String(rng.int(lo, hi)).padStart(5, "0");
  }
  return rng.choose(HCPCS_LETTERS) + String(rng.int(0, 9999)).padStart(4, "0");
}

/** ICD-10-CM chapters by first letter, weighted roughly by how many codes each has */
const ICD_LETTERS: ReadonlyArray<readonly [string, number]> = [
  ["A", 2],
  ["B", 2],
  ["C", 4],
  ["D", 3],
  ["E", 3],
  ["F", 2],
  ["G", 2],
  ["H", 6],
  ["I", 3],
  ["J", 1],
  ["K", 3],
  ["L", 2],
  ["M", 14],
  ["N", 2],
  ["O", 5],
  ["P", 1],
  ["Q", 2],
  ["R", 2],
  ["S", 30],
  ["T", 8],
  ["V", 3],
  ["W", 2],
  ["X", 1],
  ["Y", 1],
  ["Z", 2],
];
const ALNUM = "0123456789ABCDEFGHJKLMNPQRSTVWXYZ".split("");

/** a diagnosis category: a letter, a digit, a digit (rarely a letter, as in C4A or M1A) */
function icdCategory(rng: Rng): string {
  const letter = rng.choose(ICD_LETTERS);
  const third = rng.chance(0.01) ? "A" : String(rng.int(0, 9));
  return `${letter}${rng.int(0, 9)}${third}`;
}

/** one billable code of a category: 3 to 7 characters, the 7th an extension for S and T */
function icdCode(rng: Rng, category: string): string {
  const injury = category[0] === "S" || category[0] === "T";
  const length = injury
    ? rng.choose([
        [4, 1],
        [5, 2],
        [6, 3],
        [7, 12],
      ] as const)
    : rng.choose([
        [3, 1],
        [4, 5],
        [5, 4],
        [6, 2],
      ] as const);
  let code = category;
  for (let i = 3; i < length; i++) {
    if (injury && i === 6) code += rng.pick(["A", "D", "S"]);
    else if (i === 3 || rng.chance(0.9)) code += String(rng.int(0, 9));
    else code += rng.chance(0.5) ? "X" : rng.pick(ALNUM);
  }
  return code;
}

// ---------------------------------------------------------------- main

export interface Sizes {
  ptp: number;
  mue: number;
  diagnoses: number;
  procedures: number;
  sexAge: number;
  necessity: number;
  fees: number;
}

export interface GenTablesReport {
  files: Array<{ path: string; rows: number; bytes: number }>;
  seconds: number;
}

export function generateTables(seed: number, outDir: string, planOutDir: string, sizes: Sizes): GenTablesReport {
  const started = performance.now();
  const rng = new Rng(seed);
  const tablesDir = join(outDir, "tables");
  mkdirSync(tablesDir, { recursive: true });
  const files: GenTablesReport["files"] = [];
  const done = (w: ChunkWriter) => {
    w.close();
    files.push({ path: w.path, rows: w.rows, bytes: statSync(w.path).size });
  };

  const st = (name: string) => join(SAMPLE_EDITS, "tables", name);
  const sample = {
    procedures: readSample(st("procedures.csv"), ["code", "effective", "deletion"]),
    hcpcs: readSample(st("hcpcs.csv"), ["code"]),
    diagnoses: readSample(st("diagnoses.csv"), ["code", "effective", "deletion"]),
    modifiers: readSample(st("modifiers.csv"), ["modifier"]),
    sexAge: readSample(st("sex-age.csv"), ["code", "sex", "min_age", "max_age"]),
    ptp: readSample(st("ptp.csv"), ["column1", "column2", "effective", "deletion", "modifier_indicator"]),
    mue: readSample(st("mue.csv"), ["code", "mue", "mai"]),
    necessity: readSample(st("necessity.csv"), ["code", "diagnosis"]),
    fees: readSample(join(SAMPLE_PLAN, "tables", "fees.csv"), ["code", "amount"]),
  };

  // codes the samples or the benefits use: generated rows never key on them (except as one side
  // of a PTP pair whose other side is a generated code)
  const reserved = new Set<string>(BENEFIT_CODES);
  for (const t of [sample.procedures, sample.hcpcs, sample.sexAge, sample.mue, sample.necessity, sample.fees]) for (const r of t.rows) reserved.add(r[0]!);
  for (const r of sample.ptp.rows) reserved.add(r[0]!).add(r[1]!);

  // ---- procedures
  const procRows = new Map<string, [string, string]>(); // code → [effective, deletion]
  for (const r of sample.procedures.rows) procRows.set(r[0]!, [r[1]!, r[2]!]);
  const generatedProcedures: string[] = [];
  while (procRows.size < sizes.procedures) {
    const c = procedureCode(rng);
    if (procRows.has(c) || reserved.has(c)) continue;
    const hcpcs = /^[A-Z]/.test(c);
    let from: number;
    const roll = rng.next();
    if (roll < 0.3) from = D(1990, 1, 1);
    else if (roll < 0.98) from = D(rng.int(1991, 2025), hcpcs ? rng.pick([1, 4, 7, 10]) : 1, 1);
    else from = D(2026, rng.pick([1, 4, 7]), 1);
    let until = "";
    if (rng.chance(0.06)) {
      const y0 = Math.max(civilYear(from) + 1, 2000);
      const y = rng.int(y0, 2027);
      until = ds(D(y, hcpcs || y === 2026 ? rng.pick([1, 4, 7, 10]) : 1, 1));
      if (until <= ds(from)) until = "";
    }
    procRows.set(c, [ds(from), until]);
    generatedProcedures.push(c);
  }
  const procedureCodes = [...procRows.keys()].sort();
  {
    const w = new ChunkWriter(join(tablesDir, "procedures.csv"), "code,effective,deletion");
    for (const c of procedureCodes) {
      const [e, d] = procRows.get(c)!;
      w.line(`${c},${e},${d}`);
    }
    done(w);
  }
  generatedProcedures.sort();
  /** generated procedure codes active on 2026-07-01, in code order */
  const mid2026 = ds(D(2026, 7, 1));
  const activeGenerated = generatedProcedures.filter((c) => {
    const [e, d] = procRows.get(c)!;
    return e <= mid2026 && (d === "" || mid2026 < d);
  });

  // ---- diagnoses
  const diagRows = new Map<string, [string, string]>();
  for (const r of sample.diagnoses.rows) diagRows.set(r[0]!, [r[1]!, r[2]!]);
  const generatedDiagnoses: string[] = [];
  const categories: string[] = [];
  while (diagRows.size < sizes.diagnoses) {
    // categories have from 1 to ~120 codes (heavy-tailed, like ICD-10-CM)
    const category = icdCategory(rng);
    if (categories.includes(category) && rng.chance(0.9)) continue;
    categories.push(category);
    const n = Math.min(400, Math.max(1, Math.floor(Math.exp(rng.normal() * 1.2 + 3))));
    for (let made = 0, tries = 0; made < n && tries < n * 3 && diagRows.size < sizes.diagnoses; tries++) {
      const c = icdCode(rng, category);
      if (diagRows.has(c)) continue;
      let from = D(2015, 10, 1);
      const roll = rng.next();
      if (roll > 0.99) from = D(2026, 10, 1);
      else if (roll > 0.85) from = D(rng.int(2016, 2025), 10, 1);
      let until = "";
      if (rng.chance(0.04) && civilYear(from) < 2026) until = ds(D(rng.int(civilYear(from) + 1, 2026), 10, 1));
      diagRows.set(c, [ds(from), until]);
      generatedDiagnoses.push(c);
      made++;
    }
  }
  const diagnosisCodes = [...diagRows.keys()].sort();
  {
    const w = new ChunkWriter(join(tablesDir, "diagnoses.csv"), "code,effective,deletion");
    for (const c of diagnosisCodes) {
      const [e, d] = diagRows.get(c)!;
      w.line(`${c},${e},${d}`);
    }
    done(w);
  }
  generatedDiagnoses.sort();
  const diagnosesByLetter = new Map<string, string[]>();
  for (const c of generatedDiagnoses) {
    const [, d] = diagRows.get(c)!;
    if (d !== "") continue;
    const list = diagnosesByLetter.get(c[0]!) ?? [];
    list.push(c);
    diagnosesByLetter.set(c[0]!, list);
  }
  const diagnosisLetters = [...diagnosesByLetter.keys()].sort();

  // ---- modifiers: the sample's, then the real list
  {
    const seen = new Set<string>();
    const w = new ChunkWriter(join(tablesDir, "modifiers.csv"), "modifier");
    for (const m of [...sample.modifiers.rows.map((r) => r[0]!), ...MODIFIERS]) {
      if (seen.has(m)) continue;
      seen.add(m);
      w.line(m);
    }
    done(w);
  }

  // a shuffled pool of generated procedure codes for the per-code tables
  const pool = rng.shuffle([...activeGenerated]);
  let poolAt = 0;
  const take = (n: number) => {
    const out = pool.slice(poolAt, poolAt + n);
    poolAt += out.length;
    return out;
  };

  // ---- sex and age
  {
    const rows = [...sample.sexAge.rows];
    for (const c of take(Math.max(0, sizes.sexAge - rows.length))) {
      const kind = rng.choose([
        ["sex", 35],
        ["age", 55],
        ["both", 10],
      ] as const);
      const sex = kind === "age" ? "" : rng.chance(0.6) ? "F" : "M";
      let lo = "";
      let hi = "";
      if (kind !== "sex") {
        const range = rng.choose([
          [["", "17"], 20],
          [["18", ""], 25],
          [["65", ""], 10],
          [["", "0"], 4],
          [["0", "0"], 3],
          [["1", "17"], 8],
          [["12", "55"], 10],
          [["18", "64"], 8],
          [["", "1"], 4],
          [["40", ""], 8],
        ] as const);
        [lo, hi] = range;
      }
      rows.push([c, sex, lo, hi]);
    }
    rows.sort((a, b) => cmp(a[0]!, b[0]!));
    const w = new ChunkWriter(join(tablesDir, "sex-age.csv"), "code,sex,min_age,max_age");
    for (const r of rows) w.line(r.join(","));
    done(w);
  }

  // ---- medical necessity: heavy-tailed row counts per procedure, clustered in 1–3 chapters
  {
    const rows: string[][] = [...sample.necessity.rows];
    const seen = new Set(rows.map((r) => `${r[0]},${r[1]}`));
    while (rows.length < sizes.necessity && poolAt < pool.length && diagnosisLetters.length) {
      const [c] = take(1);
      const want = Math.min(sizes.necessity - rows.length, Math.max(1, Math.round(Math.exp(rng.normal() * 1.0 + 2.2))));
      const letters = Array.from({ length: rng.int(1, 3) }, () => rng.pick(diagnosisLetters));
      for (let k = 0, tries = 0; k < want && tries < want * 4; tries++) {
        const list = diagnosesByLetter.get(rng.pick(letters))!;
        const d = rng.pick(list);
        const roll = rng.next();
        const pattern = roll < 0.45 ? `${d.slice(0, 3)}*` : roll < 0.7 && d.length > 4 ? `${d.slice(0, 4)}*` : d;
        const key = `${c},${pattern}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push([c!, pattern]);
        k++;
      }
    }
    const order = new Map<string, number>();
    rows.forEach((r, i) => order.set(`${r[0]},${r[1]}`, i));
    rows.sort((a, b) => cmp(a[0]!, b[0]!) || order.get(a.join(","))! - order.get(b.join(","))!);
    const w = new ChunkWriter(join(tablesDir, "necessity.csv"), "code,diagnosis");
    for (const r of rows) w.line(r.join(","));
    done(w);
  }

  // ---- medically unlikely edits: MAI 1 60%, 2 15%, 3 25%. More rows than procedure codes
  // were asked for, so the rest go to supply codes outside the procedure table (an MUE edition
  // covers codes a payer's valid-code list may not).
  {
    const rows: string[][] = [...sample.mue.rows];
    const has = new Set(rows.map((r) => r[0]!));
    const candidates = generatedProcedures.filter((c) => !has.has(c));
    const fromProcedures = Math.min(candidates.length, Math.round(candidates.length * 0.92), sizes.mue - rows.length);
    const chosen = rng.shuffle([...candidates]).slice(0, Math.max(0, fromProcedures));
    while (chosen.length < sizes.mue - rows.length) {
      const c = rng.pick(["A", "E", "K", "L"]) + String(rng.int(0, 9999)).padStart(4, "0");
      if (procRows.has(c) || has.has(c)) continue;
      has.add(c);
      chosen.push(c);
    }
    for (const c of chosen) {
      const mai = rng.choose([
        [1, 60],
        [2, 15],
        [3, 25],
      ] as const);
      const mue = rng.choose([
        [1, 45],
        [2, 20],
        [3, 10],
        [4, 8],
        [rng.int(5, 10), 10],
        [rng.int(11, 100), 6],
        [rng.int(101, 999), 1],
      ] as const);
      rows.push([c, String(mue), String(mai)]);
    }
    rows.sort((a, b) => cmp(a[0]!, b[0]!));
    const w = new ChunkWriter(join(tablesDir, "mue.csv"), "code,mue,mai");
    for (const r of rows) w.line(r.join(","));
    done(w);
  }

  // ---- NCCI procedure-to-procedure pairs
  done(generatePtp(rng, join(tablesDir, "ptp.csv"), procedureCodes, reserved, sample.ptp.rows, sizes.ptp));

  // ---- HCPCS Level II: the shipped sample of CMS's file (its codes are reserved above)
  copyFileSync(st("hcpcs.csv"), join(tablesDir, "hcpcs.csv"));

  // ---- the packs' sources
  copyFileSync(join(SAMPLE_EDITS, "edits.edict"), join(outDir, "edits.edict"));
  mkdirSync(join(planOutDir, "tables"), { recursive: true });
  const include = relative(planOutDir, outDir).split("\\").join("/");
  const plan = readFileSync(join(SAMPLE_PLAN, "plan.edict"), "utf8").replace(/^(\s*include\s+)"[^"]*"/m, `$1"${include}"`);
  writeFileSync(join(planOutDir, "plan.edict"), plan);

  // ---- fees: the sample's, then ~2,000 generated codes no benefit covers (→ CO-204)
  {
    const rows = [...sample.fees.rows];
    const has = new Set(rows.map((r) => r[0]!));
    const extra = rng.shuffle(activeGenerated.filter((c) => !has.has(c))).slice(0, sizes.fees);
    for (const c of extra) {
      const cents = Math.min(500000, Math.max(200, Math.round(Math.exp(rng.normal() * 1.1 + Math.log(8000)))));
      rows.push([c, `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`]);
    }
    const w = new ChunkWriter(join(planOutDir, "tables", "fees.csv"), "code,amount");
    for (const r of rows) w.line(r.join(","));
    done(w);
  }

  return { files, seconds: (performance.now() - started) / 1000 };
}

function civilYear(day: number): number {
  return Number(ds(day).slice(0, 4));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Column-one codes follow a capped Zipf law (rank r gets ~A / (r + 200)^2.2 pairs, at most 60% of
 * the code set, at least 1): most codes have a handful of pairs, a few have thousands. Column-two
 * codes are often near the column-one code (same family), else anywhere. Rows are sorted by
 * column 1, then column 2, as CMS publishes them.
 */
function generatePtp(rng: Rng, path: string, codes: readonly string[], reserved: ReadonlySet<string>, sampleRows: string[][], total: number): ChunkWriter {
  const n = codes.length;
  const index = new Map(codes.map((c, i) => [c, i]));
  const isReserved = codes.map((c) => reserved.has(c));
  const target = Math.max(0, total - sampleRows.length);

  // ranks: a random 70% of the codes are column-one codes, in a random order
  const order = rng.shuffle(codes.map((_, i) => i));
  const columnOne = order.slice(0, Math.max(1, Math.round(n * 0.7)));
  const cap = Math.max(1, Math.floor(n * 0.6));
  const exponent = 2.2;
  const shift = 200;
  const countFor = (a: number, r: number) => Math.min(cap, Math.max(1, Math.round(a / (r + shift) ** exponent)));
  const sum = (a: number) => {
    let s = 0;
    for (let r = 1; r <= columnOne.length; r++) s += countFor(a, r);
    return s;
  };
  let lo = 0;
  let hi = 1;
  while (sum(hi) < target && hi < 1e15) hi *= 2;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (sum(mid) < target) lo = mid;
    else hi = mid;
  }
  const counts = new Int32Array(n);
  let assigned = 0;
  columnOne.forEach((code, i) => {
    counts[code] = countFor(hi, i + 1);
    assigned += counts[code]!;
  });
  // trim the excess (sum(hi) ≥ target) from the largest codes down
  for (let i = 0; assigned > target && i < columnOne.length; i++) {
    const c = columnOne[i]!;
    const cut = Math.min(assigned - target, counts[c]! - 1);
    counts[c] -= cut;
    assigned -= cut;
  }
  // the sample pairs' column-one codes: their generated column-two codes are never sample codes
  const sampleBy = new Map<number, string[][]>();
  for (const r of sampleRows) {
    const i = index.get(r[0]!);
    if (i === undefined) throw new Error(`sample PTP code ${r[0]} is not in the procedure table`);
    const list = sampleBy.get(i) ?? [];
    list.push(r);
    sampleBy.set(i, list);
  }

  const w = new ChunkWriter(path, "column1,column2,effective,deletion,modifier_indicator");
  const mark = new Int32Array(n);
  const chosen = new Int32Array(n);
  const quarterText = QUARTERS.map(ds);
  const window = 400;
  for (let c1 = 0; c1 < n; c1++) {
    const k = Math.min(counts[c1]!, n - 1 - (isReserved[c1] ? reserved.size : 0));
    const samples = sampleBy.get(c1);
    if (k <= 0 && !samples) continue;
    const stamp = c1 + 1;
    mark[c1] = stamp;
    let m = 0;
    let misses = 0;
    while (m < k) {
      let c2: number;
      if (misses < 8 && rng.chance(0.55)) c2 = c1 + rng.int(-window, window);
      else c2 = Math.floor(rng.next() * n);
      if (c2 < 0 || c2 >= n || mark[c2] === stamp || (isReserved[c1] && isReserved[c2]!)) {
        misses++;
        continue;
      }
      mark[c2] = stamp;
      chosen[m++] = c2;
      misses = 0;
    }
    const list = chosen.subarray(0, m).sort();
    const prefix = `${codes[c1]},`;
    const sampleRowsHere = samples ? [...samples].sort((a, b) => cmp(a[1]!, b[1]!)) : [];
    let s = 0;
    for (let j = 0; j <= list.length; j++) {
      const next = j < list.length ? codes[list[j]!]! : null;
      while (s < sampleRowsHere.length && (next === null || sampleRowsHere[s]![1]! < next)) w.line(sampleRowsHere[s++]!.join(","));
      if (next === null) break;
      // an edition date, a deletion for ~10% (most of the indicator-9 edits are deleted ones)
      const e = rng.int(0, QUARTERS.length - 1);
      const deleted = rng.chance(0.1) && e < QUARTERS.length - 1;
      const del = deleted ? quarterText[rng.int(e + 1, QUARTERS.length - 1)]! : "";
      const roll = rng.next();
      const indicator = deleted ? (roll < 0.25 ? 9 : roll < 0.4 ? 0 : 1) : roll < 0.01 ? 9 : roll < 0.16 ? 0 : 1;
      w.line(`${prefix}${next},${quarterText[e]},${del},${indicator}`);
    }
  }
  return w;
}

// ---------------------------------------------------------------- CLI

function main() {
  const args = parseArgs(process.argv.slice(2));
  const seed = intArg(args, "seed", 1);
  const outDir = resolve(args.get("out") ?? join(ROOT, "bench", "generated", "cms-edits"));
  const planOutDir = resolve(args.get("plan-out") ?? join(dirname(outDir), "demo-ppo"));
  const sizes: Sizes = {
    ptp: intArg(args, "ptp", 2_000_000),
    mue: intArg(args, "mue", 15_000),
    diagnoses: intArg(args, "diagnoses", 72_000),
    procedures: intArg(args, "procedures", 12_000),
    sexAge: intArg(args, "sex-age", 2_000),
    necessity: intArg(args, "necessity", 30_000),
    fees: intArg(args, "fees", 2_000),
  };
  const report = generateTables(seed, outDir, planOutDir, sizes);
  const width = Math.max(...report.files.map((f) => relative(ROOT, f.path).length));
  console.log(`seed ${seed}`);
  for (const f of report.files) {
    console.log(`${relative(ROOT, f.path).padEnd(width)}  ${String(f.rows).padStart(9)} rows  ${formatBytes(f.bytes).padStart(10)}`);
  }
  console.log(`also ${relative(ROOT, join(outDir, "edits.edict"))} and ${relative(ROOT, join(planOutDir, "plan.edict"))}`);
  console.log(`done in ${report.seconds.toFixed(2)} s`);
}

// run as a script (`tsx bench/gen-tables.ts`), not when imported or bundled into the bench
if (/gen-tables\.ts$/.test(process.argv[1] ?? "")) main();
