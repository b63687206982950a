// The normalised shapes the evaluators work on. The zod schemas in ./schemas.ts parse the JSON
// contract of docs/CONTRACT.md into these: money as integer cents, dates as day numbers, codes
// upper-cased with the ICD-10 dot removed, lines sorted by line number.

/** integer cents */
export type Cents = number;
/** days since 1970-01-01 of a calendar date (no time, no zone) */
export type DayNumber = number;

export interface Member {
  id: string;
  birthDate: DayNumber;
  sex: "F" | "M" | "U";
}

export interface Provider {
  npi: string;
  network: "in" | "out";
}

export interface ClaimLine {
  lineNumber: number;
  serviceDate: DayNumber;
  /** normalised procedure code */
  code: string;
  /** normalised modifiers, in the order given */
  modifiers: string[];
  units: number;
  charge: Cents;
  placeOfService: string;
  diagnosisPointers: number[];
  /** the claim diagnoses this line points at, in pointer order (normalised, no dot) */
  diagnoses: string[];
}

export interface Claim {
  id: string;
  receivedDate: DayNumber;
  member: Member;
  provider: Provider;
  /** normalised ICD-10-CM, principal first */
  diagnoses: string[];
  /** the first of `diagnoses` (a claim has at least one): the principal-diagnosis edits read it */
  principalDiagnosis: string;
  /** sorted by lineNumber */
  lines: ClaimLine[];
  /** as a string: X12 REF*G1 is alphanumeric; a whole number in JSON means its digits */
  priorAuthorization: string | null;
  /** the payers that adjudicated the claim before this plan, in payment order; empty for a primary claim */
  priorPayers: PriorPayer[];
  /** X12 CLM05-3, when given: "1" original, "7" replacement, "8" void (absent: original, or a replacement when `replaces` is given) */
  frequencyCode?: "1" | "7" | "8";
  /** the posted claim a replacement or void reverses, when given (absent: the claim's own id) */
  replaces?: string;
}

/** one payer that adjudicated the claim before this plan (X12 837 loops 2320/2430) */
export interface PriorPayer {
  payerId: string;
  /** sorted by lineNumber; a claim line this payer does not list it neither allowed nor paid */
  lines: PriorPayerLine[];
  /** claim-level adjustments (X12 2320 CAS): kept for the record, not used by coordination */
  adjustments: Array<{ group: string; reason: string; amount: Cents }>;
}

export interface PriorPayerLine {
  lineNumber: number;
  allowed: Cents;
  paid: Cents;
  adjustments: Array<{ group: string; reason: string; amount: Cents }>;
}

export interface Coverage {
  planId: string;
  from: DayNumber;
  to: DayNumber | null;
  // What the order-of-benefit rules read (grammar/LANGUAGE.md §2.14); null when not given.
  /** the member's relation to the subscriber: "self", "spouse", "child" or "other" */
  relationship: string | null;
  /** the subscriber's employment behind a group plan: "active", "retired" or "laid_off" */
  employment: string | null;
  /** continuation coverage (COBRA or a state law like it) */
  cobra: boolean;
  /** this coverage is Medicare */
  medicare: boolean;
  /** the subscriber's birth date (a parent's, on a child's coverage) */
  subscriberBirthDate: DayNumber | null;
  /** employees of the subscriber's employer */
  employerSize: number | null;
  /** on a child's coverage: the parents are divorced or separated */
  parentsSeparated: boolean;
}

export interface Authorization {
  number: string;
  codes: string[];
  from: DayNumber;
  to: DayNumber;
  units: number;
  used: number;
}

export interface HistoryEntry {
  claimId: string;
  serviceDate: DayNumber;
  code: string;
  modifiers: string[];
  providerNpi: string;
  status: string;
}

export interface Context {
  asOf: DayNumber;
  /** this plan's coverage periods */
  coverage: Coverage[];
  /** the member's coverage under other plans (for the order of benefits); sorted like `coverage` */
  otherCoverage: Coverage[];
  /**
   * name → cents (money accumulators) or a count; names not given are zero.
   * Only the plan knows which names are money and which are counts, so `parseContext(json)`
   * without the plan's declarations leaves the input's raw values here (numbers or decimal
   * strings, as in `rawAccumulators`) for `normalizeAccumulators(raw, declared)` to convert;
   * `parseContext(json, { accumulators: declared })` converts them itself.
   */
  accumulators: Record<string, number>;
  /** the accumulators exactly as the input gave them (numbers or decimal strings), keys sorted */
  rawAccumulators?: Record<string, number | string>;
  /** sorted by number: shorter first, then by character code (so digit strings sort as numbers) */
  authorizations: Authorization[];
  history: HistoryEntry[];
}

// ---------------------------------------------------------------- result (JSON contract)

export type LineStatus = "paid" | "denied" | "pended";
export type ClaimStatus = "paid" | "partial" | "denied" | "pended";

/** money in results is a string with two decimals, e.g. "25.00" */
export type MoneyString = string;

export interface Adjustment {
  group: string;
  reason: string;
  amount: MoneyString;
}

export interface ResultLine {
  lineNumber: number;
  status: LineStatus;
  /** the deciding reason, e.g. "CO-236"; null for a paid line */
  reason: string | null;
  billed: MoneyString;
  allowed: MoneyString;
  paid: MoneyString;
  patientResponsibility: MoneyString;
  adjustments: Adjustment[];
  remarks: string[];
}

export interface Fact {
  /** the expression as written, e.g. "line.code" */
  fact: string;
  value: string | number | boolean | null | Array<string | number>;
}

export interface TraceEntry {
  lineNumber: number;
  phase: string;
  /** "pack/rule" for a rule, "pack/benefit" or "pack/plan" for a built-in step */
  rule: string;
  /** file:line:col of the rule or benefit */
  at: string;
  facts: Fact[];
  /** what it did, e.g. "deny CO-236", "allowed 80.00", "PR-1 100.00" */
  action: string;
  cites?: string[];
}

export interface Result {
  claimId: string;
  /** `keyId` and `signature` when the rules came from a signed artifact (the signer's key and the Ed25519 signature of its manifest) */
  ruleset: { name: string; version: string; hash: string; keyId?: string; signature?: string };
  status: ClaimStatus;
  totals: {
    billed: MoneyString;
    allowed: MoneyString;
    paid: MoneyString;
    patientResponsibility: MoneyString;
  };
  lines: ResultLine[];
  /** deltas this claim adds; money as strings, counts as integers; only non-zero entries */
  accumulators: Record<string, MoneyString | number>;
  trace?: TraceEntry[];
}

/** one problem with the input, e.g. { path: "lines[2].units", message: "expected a positive integer" } */
export interface InputIssue {
  path: string;
  message: string;
}
