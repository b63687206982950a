// Types of Edict expressions and the schema of the facts a rule may read (claim, line, member,
// provider, context and their parts). The checker types expressions against this; the editor
// uses the same descriptions for completion and hover.

export type CodeKind = "procedure" | "diagnosis" | "modifier" | "code";

export type RecordName = "claim" | "member" | "provider" | "line" | "context" | "coverage" | "authorization" | "historyEntry";

export type Type =
  | { t: "boolean" }
  | { t: "integer" }
  | { t: "money" }
  | { t: "percent" }
  | { t: "date" }
  | { t: "duration" }
  | { t: "text" }
  | { t: "code"; kind: CodeKind }
  | { t: "pattern" }
  | { t: "list"; of: Type }
  | { t: "record"; name: RecordName }
  | { t: "row"; table: string };

export const T = {
  boolean: { t: "boolean" } as Type,
  integer: { t: "integer" } as Type,
  money: { t: "money" } as Type,
  percent: { t: "percent" } as Type,
  date: { t: "date" } as Type,
  duration: { t: "duration" } as Type,
  text: { t: "text" } as Type,
  pattern: { t: "pattern" } as Type,
  code: (kind: CodeKind): Type => ({ t: "code", kind }),
  list: (of: Type): Type => ({ t: "list", of }),
  record: (name: RecordName): Type => ({ t: "record", name }),
};

export function typeName(type: Type): string {
  switch (type.t) {
    case "code":
      return type.kind === "code" ? "code" : `${type.kind} code`;
    case "list":
      return `list of ${typeName(type.of)}`;
    case "record":
      return type.name === "historyEntry" ? "history entry" : type.name;
    case "row":
      return `row of table ${type.table}`;
    default:
      return type.t;
  }
}

export function sameType(a: Type, b: Type): boolean {
  if (a.t !== b.t) return false;
  if (a.t === "list" && b.t === "list") return sameType(a.of, b.of);
  if (a.t === "record" && b.t === "record") return a.name === b.name;
  if (a.t === "row" && b.t === "row") return a.table === b.table;
  return true; // codes of different kinds compare as codes
}

export interface FieldInfo {
  type: Type;
  optional?: boolean;
  doc: string;
}

/** The facts a rule can read. Field names are the JSON contract's names (docs/CONTRACT.md). */
export const RECORDS: Record<RecordName, Record<string, FieldInfo>> = {
  claim: {
    id: { type: T.text, doc: "The claim's identifier." },
    receivedDate: { type: T.date, doc: "The date the payer received the claim." },
    member: { type: T.record("member"), doc: "The member (patient) the claim is for." },
    provider: { type: T.record("provider"), doc: "The billing provider." },
    diagnoses: { type: T.list(T.code("diagnosis")), doc: "ICD-10-CM diagnoses, principal first." },
    principalDiagnosis: { type: T.code("diagnosis"), doc: "The principal diagnosis: the first of claim.diagnoses." },
    lines: { type: T.list(T.record("line")), doc: "The service lines, in line-number order." },
    priorAuthorization: {
      type: T.text,
      optional: true,
      doc: "The prior-authorization number the provider cites, if any.",
    },
  },
  member: {
    id: { type: T.text, doc: "The member's identifier." },
    birthDate: { type: T.date, doc: "The member's date of birth." },
    sex: { type: T.text, doc: 'The member\'s sex: "F", "M" or "U" (unknown).' },
  },
  provider: {
    npi: { type: T.text, doc: "The provider's National Provider Identifier." },
    network: { type: T.text, doc: 'Whether the provider is "in" or "out" of network.' },
  },
  line: {
    lineNumber: { type: T.integer, doc: "The line's number on the claim (1, 2, …)." },
    serviceDate: { type: T.date, doc: "The date the service was performed." },
    code: { type: T.code("procedure"), doc: "The procedure code (CPT or HCPCS)." },
    modifiers: { type: T.list(T.code("modifier")), doc: "The procedure modifiers, e.g. 25, 59, LT." },
    units: { type: T.integer, doc: "Units of service billed." },
    charge: { type: T.money, doc: "The amount billed for the line." },
    placeOfService: { type: T.text, doc: 'The CMS place-of-service code, e.g. "11" for office.' },
    diagnosisPointers: { type: T.list(T.integer), doc: "Which claim diagnoses (1-based) the line points at." },
    diagnoses: {
      type: T.list(T.code("diagnosis")),
      doc: "The claim diagnoses this line points at, in pointer order.",
    },
  },
  context: {
    asOf: { type: T.date, doc: "The date adjudication is performed as of." },
    coverage: { type: T.list(T.record("coverage")), doc: "The member's coverage periods under this plan." },
    otherCoverage: {
      type: T.list(T.record("coverage")),
      doc: "The member's coverage under other plans, which the order-of-benefit rules weigh against this plan's.",
    },
    authorizations: { type: T.list(T.record("authorization")), doc: "The member's prior authorizations." },
    history: { type: T.list(T.record("historyEntry")), doc: "The member's earlier claim lines." },
  },
  coverage: {
    planId: { type: T.text, doc: "The plan the coverage period is under." },
    from: { type: T.date, doc: "First day of coverage." },
    to: { type: T.date, optional: true, doc: "Last day of coverage; missing while coverage continues." },
    relationship: {
      type: T.text,
      optional: true,
      doc: 'The member\'s relation to the subscriber: "self", "spouse", "child" or "other".',
    },
    employment: {
      type: T.text,
      optional: true,
      doc: 'The subscriber\'s employment behind a group plan: "active", "retired" or "laid_off".',
    },
    cobra: { type: T.boolean, doc: "Continuation coverage (COBRA or a state law like it)." },
    medicare: { type: T.boolean, doc: "This coverage is Medicare." },
    subscriberBirthDate: {
      type: T.date,
      optional: true,
      doc: "The subscriber's birth date (a parent's, on a child's coverage).",
    },
    employerSize: { type: T.integer, optional: true, doc: "Employees of the subscriber's employer." },
    parentsSeparated: { type: T.boolean, doc: "On a child's coverage: the parents are divorced or separated." },
  },
  authorization: {
    number: { type: T.text, doc: "The authorization number (letters and digits, as the provider quotes it)." },
    codes: { type: T.list(T.code("procedure")), doc: "The procedure codes it authorizes." },
    from: { type: T.date, doc: "First day it is valid." },
    to: { type: T.date, doc: "Last day it is valid." },
    units: { type: T.integer, doc: "Units authorized." },
    used: { type: T.integer, doc: "Units already used before this claim." },
  },
  historyEntry: {
    claimId: { type: T.text, doc: "The earlier claim's identifier." },
    serviceDate: { type: T.date, doc: "The earlier line's date of service." },
    code: { type: T.code("procedure"), doc: "The earlier line's procedure code." },
    modifiers: { type: T.list(T.code("modifier")), doc: "The earlier line's modifiers." },
    providerNpi: { type: T.text, doc: "The provider of the earlier line." },
    status: { type: T.text, doc: 'How the earlier line was decided, e.g. "paid" or "denied".' },
  },
};

/** Names a rule can use without declaring them, and what they stand for. */
export const ROOTS: Record<string, { type: Type; doc: string; path?: string[] }> = {
  claim: { type: T.record("claim"), doc: "The claim being adjudicated." },
  line: { type: T.record("line"), doc: "The claim line the rule is being evaluated for." },
  context: { type: T.record("context"), doc: "What the payer knows besides the claim: coverage, authorizations, history." },
  member: { type: T.record("member"), doc: "Short for claim.member.", path: ["claim", "member"] },
  provider: { type: T.record("provider"), doc: "Short for claim.provider.", path: ["claim", "provider"] },
  history: {
    type: T.list(T.record("historyEntry")),
    doc: "Short for context.history.",
    path: ["context", "history"],
  },
};

export const FUNCTIONS: Record<string, { params: Type[]; result: Type; doc: string }> = {
  years_between: {
    params: [T.date, T.date],
    result: T.integer,
    doc: "Whole years from the first date to the second: a person's age on the second date.",
  },
  days_between: {
    params: [T.date, T.date],
    result: T.integer,
    doc: "Days from the first date to the second (negative when the second is earlier).",
  },
  month_day: {
    params: [T.date],
    result: T.integer,
    doc: "The date's month and day as one number, month × 100 + day (5 March → 305): orders birthdays within a year, whatever the year of birth.",
  },
};
