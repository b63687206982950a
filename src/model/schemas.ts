// The JSON contract (docs/CONTRACT.md) as zod 4 schemas, and the parsers that turn claim and context
// JSON into the normalised shapes of ./types.ts. Bad input yields every problem found, each with
// a path like `lines[2].units` and a plain-English message; nothing here throws.
import { grouped } from "./json.js";
import * as z from "zod";
import { MAX_CENTS, formatMoney as formatCents, parseMoney } from "./money.js";
import { limitsWith, type Limits } from "../common/limits.js";
import { parseDate } from "./dates.js";
import { isDiagnosisCode, isModifier, isProcedureCode, normalizeCode } from "./codes.js";
import { fastParseClaim, fastParseContext } from "./fast-parse.js";
import { compareAuthorizationNumber, compareCoverage, compareHistory } from "./order.js";
import type { Authorization, Claim, ClaimLine, Context, Coverage, HistoryEntry, InputIssue, PriorPayer, Result } from "./types.js";

// ------------------------------------------------------------------------------ leaf values

/** the message for a bad value, or null when the value is fine */
type Explain = (input: unknown) => string | null;

type RawIssue = z.core.$ZodRawIssue;

function errorOf(explain: Explain): (iss: RawIssue) => string {
  return (iss) => (iss.input === undefined ? "required" : (explain(iss.input) ?? "invalid value"));
}

/** adds `explain` as a refinement, for what the structural schema cannot say (calendar dates, decimals) */
function leaf<S extends z.ZodType>(schema: S, explain: Explain): S {
  return schema.superRefine((value, ctx) => {
    const message = explain(value);
    if (message !== null) ctx.addIssue({ code: "custom", message, input: value });
  });
}

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

const explainText: Explain = (v) => (typeof v !== "string" ? "expected a string" : v.trim() === "" ? "expected a non-empty string" : null);
const explainPositiveInt: Explain = (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 1 ? null : "expected a positive whole number");
const explainNonNegativeInt: Explain = (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? null : "expected a non-negative whole number");
const explainDate: Explain = (v) => {
  const r = parseDate(v);
  return r.ok ? null : r.message;
};
const explainMoney: Explain = (v) => {
  const r = parseMoney(v);
  return r.ok ? null : r.message;
};
const explainProcedure: Explain = (v) =>
  typeof v !== "string"
    ? 'expected a procedure code as a string, like "99213"'
    : isProcedureCode(v)
      ? null
      : `${show(v)} is not a CPT or HCPCS procedure code (like 99213 or G0121)`;
const explainDiagnosis: Explain = (v) =>
  typeof v !== "string"
    ? 'expected a diagnosis code as a string, like "Z12.11"'
    : isDiagnosisCode(v)
      ? null
      : `${show(v)} is not an ICD-10-CM diagnosis code (like Z12.11)`;
const explainModifier: Explain = (v) =>
  typeof v !== "string"
    ? 'expected a modifier as a string, like "25"'
    : isModifier(v)
      ? null
      : `${show(v)} is not a modifier (two letters or digits, like 25 or LT)`;
const NPI = /^\d{10}$/;
const explainNpi: Explain = (v) => (typeof v === "string" && NPI.test(v) ? null : 'expected a 10-digit NPI as a string, like "1234567893"');
const PLACE_OF_SERVICE = /^\d{2}$/;
const explainPlaceOfService: Explain = (v) =>
  typeof v === "string" && PLACE_OF_SERVICE.test(v) ? null : 'expected a two-digit place of service as a string, like "11"';
const explainAccumulator: Explain = (v) => {
  if (typeof v !== "number" && typeof v !== "string") return "expected an amount like 125.50 or a count like 3";
  const r = parseMoney(v);
  return r.ok ? null : r.message;
};

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY_SHAPE = /^\d+(?:\.\d{1,2})?$/;
const MONEY_STRING = /^-?(?:0|[1-9]\d*)\.\d{2}$/;

const text = (description: string) =>
  leaf(z.string({ error: errorOf(explainText) }).min(1, { error: errorOf(explainText), abort: true }), explainText).meta({ description });

const positiveInt = (description: string) =>
  z
    .int({ error: errorOf(explainPositiveInt) })
    .min(1, { error: errorOf(explainPositiveInt), abort: true })
    .meta({ description });

const nonNegativeInt = (description: string) =>
  z
    .int({ error: errorOf(explainNonNegativeInt) })
    .min(0, { error: errorOf(explainNonNegativeInt), abort: true })
    .meta({ description });

const date = (description: string) => {
  const error = errorOf(explainDate);
  return leaf(z.string({ error }).regex(DATE_SHAPE, { error, abort: true }), explainDate).meta({
    description: `${description}: a calendar date, YYYY-MM-DD`,
    format: "date",
  });
};

const moneyOf = (explain: Explain, description: string) => {
  const error = errorOf(explain);
  return leaf(
    z.union([z.number({ error }).min(0, { error, abort: true }), z.string({ error }).regex(MONEY_SHAPE, { error, abort: true })], { error }),
    explain,
  ).meta({ description });
};
const money = (description: string) => moneyOf(explainMoney, `${description}: a number or a decimal string with at most two decimals, like 125.50`);

const codeOf = (explain: Explain, description: string) => leaf(z.string({ error: errorOf(explain) }), explain).meta({ description });
const procedureCode = (description: string) =>
  codeOf(explainProcedure, `${description}: CPT (5 digits, or 4 digits and F/T/U/M/A) or HCPCS Level II (a letter A–V and 4 digits)`);
const diagnosisCode = (description: string) => codeOf(explainDiagnosis, `${description}: ICD-10-CM, with or without the dot`);
const modifier = () => codeOf(explainModifier, "a procedure modifier: two letters or digits");
// X12 REF*G1 carries 1–50 characters; a whole number is accepted and means its digits
const AUTHORIZATION_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 .\-_/]{0,49}$/;
const explainAuthorizationNumber: Explain = (v) =>
  (typeof v === "string" && AUTHORIZATION_NUMBER.test(v) && v.trimEnd() === v) || (typeof v === "number" && Number.isSafeInteger(v) && v >= 0)
    ? null
    : 'expected an authorization number: 1 to 50 letters, digits, spaces or . - _ / (like "PA-9"), or a whole number';
const authorizationNumber = (description: string) => {
  const error = errorOf(explainAuthorizationNumber);
  return leaf(z.union([z.string({ error }), z.int({ error })], { error }), explainAuthorizationNumber).meta({
    description: `${description}: a string of 1 to 50 characters (a whole number means its digits)`,
  });
};
/** the canonical form of a validated authorization number: its characters as a string */
const authorizationKey = (v: string | number): string => String(v);
const npi = (description: string) => {
  const error = errorOf(explainNpi);
  return z
    .string({ error })
    .regex(NPI, { error, abort: true })
    .meta({ description: `${description}: 10 digits` });
};

const enumOf = <const T extends readonly [string, ...string[]]>(values: T, description: string) => {
  const message = `expected ${values
    .map((v) => JSON.stringify(v))
    .join(values.length === 2 ? " or " : ", ")
    .replace(/, ([^,]*)$/, " or $1")}`;
  return z.enum(values, { error: (iss) => (iss.input === undefined ? "required" : message) }).meta({ description });
};

const objectError = (iss: RawIssue): string => (iss.input === undefined ? "required" : "expected an object");
const listError = (iss: RawIssue): string => (iss.input === undefined ? "required" : "expected a list");

const object = <S extends z.core.$ZodLooseShape>(shape: S, description: string) => z.strictObject(shape, { error: objectError }).meta({ description });
const list = <T extends z.ZodType>(item: T, description: string) => z.array(item, { error: listError }).meta({ description });

// ------------------------------------------------------------------------------ the schemas, on first use

/**
 * The contract's schemas are built when first needed (a claim the fast path of ./fast-parse.ts
 * does not accept, the service, the schema files) rather than when the library is imported:
 * building them is ~25 ms of start-up that adjudicating valid claims never needs.
 */
function buildSchemas() {
  // ------------------------------------------------------------------------------ claim

  const memberShape = {
    id: text("the member's identifier"),
    birthDate: date("the member's birth date"),
    sex: enumOf(["F", "M", "U"], "F, M or U (unknown)"),
  };

  const providerShape = {
    npi: npi("the rendering or billing provider's NPI"),
    network: enumOf(["in", "out"], "whether the provider is in the plan's network"),
  };

  const lineShape = {
    lineNumber: positiveInt("the line's number; unique within the claim"),
    serviceDate: date("the date of service"),
    code: procedureCode("the procedure code"),
    modifiers: list(modifier(), "procedure modifiers, in order; absent means none").default([]),
    units: positiveInt("units of service"),
    charge: money("the billed amount for the line"),
    placeOfService: z
      .string({ error: errorOf(explainPlaceOfService) })
      .regex(PLACE_OF_SERVICE, { error: errorOf(explainPlaceOfService), abort: true })
      .meta({
        description: "the CMS place-of-service code, two digits",
      }),
    diagnosisPointers: list(positiveInt("a 1-based index into the claim's diagnoses"), "the diagnoses this line treats, most important first").min(1, {
      error: "expected at least one diagnosis pointer",
    }),
  };

  const CARC_SHAPE = /^[A-Z0-9]{1,5}$/;
  const explainCarc: Explain = (v) =>
    typeof v === "string" && CARC_SHAPE.test(v) ? null : 'expected a claim adjustment reason code (CARC), like "45" or "B7"';

  const priorAdjustmentShape = {
    group: enumOf(["CO", "PR", "OA", "PI", "CR"], "the adjustment group"),
    reason: codeOf(explainCarc, "the claim adjustment reason code (CARC), like 45"),
    amount: money("the adjusted amount"),
  };

  const priorLineShape = {
    lineNumber: positiveInt("the claim line this payer adjudicated"),
    allowed: money("what this payer allowed for the line"),
    paid: money("what this payer paid for the line"),
    adjustments: list(object(priorAdjustmentShape, "an adjustment"), "this payer's adjustments of the line (CAS)").default([]),
  };

  const priorPayerShape = {
    payerId: text("the payer's identifier"),
    lines: list(object(priorLineShape, "a line this payer adjudicated"), "the lines this payer adjudicated; a line not listed it neither allowed nor paid"),
    adjustments: list(
      object(priorAdjustmentShape, "an adjustment"),
      "this payer's claim-level adjustments (X12 2320 CAS); kept, not used by coordination",
    ).default([]),
  };

  const claimShape = {
    id: text("the claim's identifier"),
    receivedDate: date("the date the payer received the claim"),
    member: object(memberShape, "the patient, who is the plan member"),
    provider: object(providerShape, "the provider who billed the claim"),
    diagnoses: list(diagnosisCode("a diagnosis"), "ICD-10-CM diagnoses, principal first").min(1, {
      error: "expected at least one diagnosis",
    }),
    lines: list(object(lineShape, "a service line"), "the service lines").min(1, { error: "expected at least one line" }),
    priorAuthorization: authorizationNumber("the prior authorization number the provider quotes")
      .nullable()
      .optional()
      .meta({ description: "the prior authorization number the provider quotes; absent or null when none" }),
    priorPayers: list(
      object(priorPayerShape, "a payer that adjudicated the claim before this plan"),
      "the payers that adjudicated the claim before this plan, in payment order; absent or empty when this plan pays first",
    ).optional(),
    frequencyCode: enumOf(
      ["1", "7", "8"],
      'the claim frequency (X12 CLM05-3): "1" an original claim (the default), "7" replaces a posted claim, "8" voids one',
    ).optional(),
    replaces: text('the id of the posted claim this one replaces or voids (frequencyCode "7" or "8"); absent: the claim\'s own id').optional(),
  };

  /** a professional claim as JSON (docs/CONTRACT.md) */
  const ClaimInput = z.strictObject(claimShape, { error: (iss) => (iss.input === undefined ? "required" : "expected a claim (a JSON object)") }).meta({
    title: "Edict claim",
    description: "A professional health-insurance claim to adjudicate.",
  });

  // ------------------------------------------------------------------------------ context

  const coverageShape = {
    planId: text("the plan's identifier"),
    from: date("first day of coverage"),
    to: date("last day of coverage").nullable().optional().meta({ description: "last day of coverage (YYYY-MM-DD); null or absent while coverage continues" }),
    // the facts the order-of-benefit rules read; all optional
    relationship: enumOf(["self", "spouse", "child", "other"], "the member's relation to the subscriber of this coverage").optional(),
    employment: enumOf(["active", "retired", "laid_off"], "the subscriber's employment behind this group coverage").optional(),
    cobra: z
      .boolean({ error: (iss) => (iss.input === undefined ? "required" : "expected true or false") })
      .optional()
      .meta({ description: "continuation coverage (COBRA or a state law like it); absent means false" }),
    medicare: z
      .boolean({ error: (iss) => (iss.input === undefined ? "required" : "expected true or false") })
      .optional()
      .meta({ description: "this coverage is Medicare; absent means false" }),
    subscriberBirthDate: date("the subscriber's birth date (a parent's, on a child's coverage)").optional(),
    employerSize: nonNegativeInt("the number of employees of the subscriber's employer").optional(),
    parentsSeparated: z
      .boolean({ error: (iss) => (iss.input === undefined ? "required" : "expected true or false") })
      .optional()
      .meta({ description: "on a child's coverage: the parents are divorced or separated; absent means false" }),
  };

  const authorizationShape = {
    number: authorizationNumber("the authorization number"),
    codes: list(procedureCode("an authorized procedure"), "the procedures authorized").min(1, { error: "expected at least one code" }),
    from: date("first day the authorization is valid"),
    to: date("last day the authorization is valid"),
    units: positiveInt("units authorized"),
    used: nonNegativeInt("units already used by earlier claims"),
  };

  const historyShape = {
    claimId: text("the earlier claim's identifier"),
    serviceDate: date("the date of service"),
    code: procedureCode("the procedure code"),
    modifiers: list(modifier(), "procedure modifiers; absent means none").default([]),
    providerNpi: npi("the provider's NPI"),
    status: text('the line\'s status, e.g. "paid"'),
  };

  const contextShape = {
    asOf: date("the date the claim is adjudicated as of"),
    coverage: list(object(coverageShape, "a coverage period"), "the member's coverage periods under this plan").default([]),
    otherCoverage: list(
      object(coverageShape, "a coverage period under another plan"),
      "the member's coverage under other plans, for the order of benefits",
    ).default([]),
    accumulators: z
      .record(z.string(), moneyOf(explainAccumulator, "an amount (a number or a decimal string) or a count (a whole number)"), {
        error: objectError,
      })
      .default({})
      .meta({ description: "plan-year totals before this claim, by the names the plan declares; a missing name is zero" }),
    authorizations: list(object(authorizationShape, "a prior authorization"), "the member's prior authorizations").default([]),
    history: list(object(historyShape, "an earlier claim line"), "the member's earlier claim lines").default([]),
  };

  /** the facts around a claim as JSON (docs/CONTRACT.md) */
  const ContextInput = z
    .strictObject(contextShape, { error: (iss) => (iss.input === undefined ? "required" : "expected a context (a JSON object)") })
    .meta({ title: "Edict context", description: "What Edict knows about the member when adjudicating a claim." });

  // ------------------------------------------------------------------------------ result

  const moneyString = (description: string) =>
    z
      .string()
      .regex(MONEY_STRING)
      .meta({ description: `${description}: a decimal string with two decimals, like "25.00"` });

  const TraceEntrySchema = z.object({
    lineNumber: z.int(),
    phase: z.string(),
    rule: z.string().meta({ description: '"pack/rule", or "pack/benefit" / "pack/plan" for a built-in step' }),
    at: z.string().meta({ description: "file:line:col of the rule or benefit" }),
    facts: z.array(
      z.object({
        fact: z.string(),
        value: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]),
      }),
    ),
    action: z.string(),
    cites: z.array(z.string()).optional(),
  });

  const ResultLineSchema = z.object({
    lineNumber: z.int().min(1),
    status: z.enum(["paid", "denied", "pended"]),
    reason: z.string().nullable().meta({ description: 'the deciding reason, e.g. "CO-236"; null for a paid line' }),
    billed: moneyString("the line's charge"),
    allowed: moneyString("the allowed amount"),
    paid: moneyString("what the payer pays"),
    patientResponsibility: moneyString("what the member owes"),
    adjustments: z.array(
      z.object({
        group: z.string().meta({ description: "CO, PR, OA, PI or CR" }),
        reason: z.string().meta({ description: 'the CARC, e.g. "45"' }),
        amount: moneyString("the adjusted amount"),
      }),
    ),
    remarks: z.array(z.string()).meta({ description: "RARC remark codes, sorted and unique" }),
  });

  /** an adjudication result (docs/CONTRACT.md); open to fields added later */
  const ResultSchema = z
    .object({
      claimId: z.string(),
      ruleset: z.object({
        name: z.string(),
        version: z.string(),
        hash: z.string(),
        keyId: z.string().optional().meta({ description: "the id of the key that signed the artifact the rules came from (absent when unsigned)" }),
        signature: z.string().optional().meta({ description: "base64 Ed25519 signature of the artifact's manifest (absent when unsigned)" }),
      }),
      status: z.enum(["paid", "partial", "denied", "pended"]),
      totals: z.object({
        billed: moneyString("sum of the lines' charges"),
        allowed: moneyString("sum of the lines' allowed amounts"),
        paid: moneyString("sum of the lines' payments"),
        patientResponsibility: moneyString("sum of what the member owes"),
      }),
      lines: z.array(ResultLineSchema),
      accumulators: z
        .record(z.string(), z.union([moneyString("a money delta"), z.int()]))
        .meta({ description: "the deltas this claim adds: money as strings, counts as integers; only non-zero entries" }),
      trace: z.array(TraceEntrySchema).optional(),
    })
    .meta({ title: "Edict result", description: "The adjudication of one claim." });

  const dateString = (description: string) =>
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .meta({ description: `${description}: YYYY-MM-DD` });

  /** the correction of a fix hint (src/fixes), in the contract's terms */
  const FixChangeSchema = z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("modifier"), lineNumber: z.int(), add: z.string().meta({ description: "the modifier to add to the line" }) }),
    z.object({ kind: z.literal("units"), lineNumber: z.int(), from: z.int(), to: z.int().meta({ description: "the units to bill instead" }) }),
    z.object({
      kind: z.literal("diagnosis"),
      lineNumber: z.int(),
      diagnosis: z.string().meta({ description: "the ICD-10-CM code the line should point at, with its dot" }),
      pointer: z.int().meta({ description: "its 1-based place in the claim's diagnoses" }),
      addedToClaim: z.boolean().meta({ description: "true: the diagnosis is added to the claim at that place; false: the claim already has it" }),
    }),
    z.object({
      kind: z.literal("authorization"),
      existing: z.string().nullable().meta({ description: "the number of the context's authorization this replaces; null: a new one" }),
      authorization: z.object({
        number: z.string(),
        codes: z.array(z.string()),
        from: dateString("first day covered"),
        to: dateString("last day covered"),
        units: z.int(),
        used: z.int(),
      }),
    }),
    z.object({ kind: z.literal("receivedDate"), from: dateString("the claim's received date"), to: dateString("the received date that pays the line") }),
  ]);

  const FixHintsSchema = z
    .array(
      z.object({
        lineNumber: z.int(),
        was: z.object({ status: z.enum(["denied", "pended"]), reason: z.string() }),
        decidedBy: z.object({
          rule: z.string().meta({ description: '"pack/rule", or "pack/benefit" / "pack/plan" for a built-in step' }),
          phase: z.string(),
        }),
        change: FixChangeSchema,
        verified: z
          .object({
            status: z.literal("paid"),
            paid: moneyString("what the line pays with the change"),
            claimStatus: z.enum(["paid", "partial", "denied", "pended"]),
          })
          .meta({ description: "what adjudicating the corrected claim gave" }),
        message: z.string().meta({ description: "the hint in words: what was changed and what was verified" }),
      }),
    )
    .meta({
      title: "Edict fix hints",
      description:
        "For each denied or pended line, corrections that would pay it, each verified by adjudicating the corrected claim (docs/CONTRACT.md, Fix hints).",
    });

  // key order of each object, for listing issues in document order
  const CLAIM_ORDER: FieldOrder = {
    root: Object.keys(claimShape),
    children: {
      member: Object.keys(memberShape),
      provider: Object.keys(providerShape),
      // a claim's lines and a prior payer's lines share the name; their keys differ but for lineNumber
      lines: [...new Set([...Object.keys(lineShape), ...Object.keys(priorLineShape)])],
      priorPayers: Object.keys(priorPayerShape),
      adjustments: Object.keys(priorAdjustmentShape),
    },
  };
  const CONTEXT_ORDER: FieldOrder = {
    root: Object.keys(contextShape),
    children: {
      coverage: Object.keys(coverageShape),
      otherCoverage: Object.keys(coverageShape),
      authorizations: Object.keys(authorizationShape),
      history: Object.keys(historyShape),
    },
  };

  return { ClaimInput, ContextInput, ResultSchema, FixHintsSchema, claimOrder: CLAIM_ORDER, contextOrder: CONTEXT_ORDER };
}

export type ContractSchemas = ReturnType<typeof buildSchemas>;
let built: ContractSchemas | null = null;

/** the claim, context, result and fix-hint schemas (docs/CONTRACT.md), built once */
export function contractSchemas(): ContractSchemas {
  built ??= buildSchemas();
  return built;
}

export type ClaimJson = z.input<ContractSchemas["ClaimInput"]>;
export type ContextJson = z.input<ContractSchemas["ContextInput"]>;

// compile-time check that the schema and the Result interface describe the same shape
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const resultSchemaMatchesType: Same<z.output<ContractSchemas["ResultSchema"]>, Result> = true;
void resultSchemaMatchesType;

// ------------------------------------------------------------------------------ issues

type Segment = string | number;
interface PathIssue {
  path: Segment[];
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ["lines", 2, "units"] → "lines[2].units"; the empty path is `root` */
export function renderPath(path: readonly PropertyKey[], root = ""): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (typeof seg === "string" && IDENTIFIER.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out === "" ? root : out;
}

/** key order of each object, for listing issues in document order */
interface FieldOrder {
  root: readonly string[];
  /** by the name of the field holding the object (array indices skipped) */
  children: Record<string, readonly string[]>;
}

function comparePaths(a: Segment[], b: Segment[], order: FieldOrder): number {
  let keys: readonly string[] | undefined = order.root;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) {
      if (typeof x === "number" && typeof y === "number") return x - y;
      if (typeof x === "number") return -1;
      if (typeof y === "number") return 1;
      const rx = keys?.indexOf(x) ?? -1;
      const ry = keys?.indexOf(y) ?? -1;
      const kx = rx < 0 ? Number.MAX_SAFE_INTEGER : rx;
      const ky = ry < 0 ? Number.MAX_SAFE_INTEGER : ry;
      if (kx !== ky) return kx - ky;
      return x < y ? -1 : 1;
    }
    if (typeof x === "string") keys = order.children[x];
  }
  return a.length - b.length;
}

function fromZod(error: z.ZodError): PathIssue[] {
  const out: PathIssue[] = [];
  for (const iss of error.issues) {
    const path = iss.path.map((s) => (typeof s === "symbol" ? String(s) : s));
    if (iss.code === "unrecognized_keys") {
      for (const key of [...iss.keys].sort()) out.push({ path: [...path, key], message: `unknown field ${JSON.stringify(key)}` });
    } else {
      out.push({ path, message: iss.message });
    }
  }
  return out;
}

function finish(issues: PathIssue[], order: FieldOrder, root: string): InputIssue[] {
  const sorted = [...issues].sort((a, b) => comparePaths(a.path, b.path, order));
  const seen = new Set<string>();
  const out: InputIssue[] = [];
  for (const iss of sorted) {
    const path = renderPath(iss.path, root);
    const key = `${path}\u0000${iss.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message: iss.message });
  }
  return out;
}

/**
 * Context issues as reported next to a claim's: each path starts with `context` (`context.asOf`),
 * so a reader can tell which of the two documents is wrong.
 */
export function contextIssues(issues: readonly InputIssue[]): InputIssue[] {
  return issues.map((i) => ({
    path:
      i.path === "context" || i.path.startsWith("context.") || i.path.startsWith("context[")
        ? i.path
        : i.path.startsWith("[")
          ? `context${i.path}`
          : `context.${i.path}`,
    message: i.message,
  }));
}

/** "lines[2].units: expected a positive whole number", one issue a line */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("\n");
}

// ------------------------------------------------------------------------------ cross-field checks on the raw JSON

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const field = (o: Json, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);
const isPositiveInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 1;
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** checks that need two fields at once; each looks only at values that are valid on their own */
function crossCheckClaim(raw: unknown, planned = false): PathIssue[] {
  if (!isRecord(raw)) return [];
  const issues: PathIssue[] = [];
  if (field(raw, "frequencyCode") === "1" && typeof field(raw, "replaces") === "string") {
    issues.push({ path: ["replaces"], message: 'an original claim (frequencyCode "1") replaces nothing: use "7" to replace the claim or "8" to void it' });
  }
  const diagnoses = field(raw, "diagnoses");
  const diagnosisCount = Array.isArray(diagnoses) ? diagnoses.length : null;
  const firstLineWith = new Map<number, number>();
  const received = parseDate(field(raw, "receivedDate"));
  let charges = 0;
  let chargesReported = false;
  items(field(raw, "lines")).forEach((line, i) => {
    if (!isRecord(line)) return;
    const served = parseDate(field(line, "serviceDate"));
    if (!planned && received.ok && served.ok && served.day > received.day) {
      issues.push({
        path: ["lines", i, "serviceDate"],
        message: `${String(field(line, "serviceDate"))} is after the claim's receivedDate (${String(field(raw, "receivedDate"))}): a claim is received after its services`,
      });
    }
    const charge = parseMoney(field(line, "charge"));
    if (charge.ok && !chargesReported) {
      charges += charge.cents;
      if (charges > MAX_CENTS) {
        chargesReported = true;
        issues.push({
          path: ["lines", i, "charge"],
          message: `with this line the claim's charges pass ${formatCents(MAX_CENTS)}, the largest total Edict keeps exact to the cent`,
        });
      }
    }
    const lineNumber = field(line, "lineNumber");
    if (isPositiveInt(lineNumber)) {
      const first = firstLineWith.get(lineNumber);
      if (first === undefined) firstLineWith.set(lineNumber, i);
      else issues.push({ path: ["lines", i, "lineNumber"], message: `line number ${lineNumber} is used twice (also at lines[${first}])` });
    }
    const seen = new Set<number>();
    items(field(line, "diagnosisPointers")).forEach((pointer, j) => {
      if (!isPositiveInt(pointer)) return;
      const path = ["lines", i, "diagnosisPointers", j];
      if (diagnosisCount !== null && pointer > diagnosisCount) {
        issues.push({
          path,
          message: `points at diagnosis ${pointer}, but the claim has ${diagnosisCount === 0 ? "no diagnoses" : diagnosisCount === 1 ? "only 1 diagnosis" : `only ${diagnosisCount} diagnoses`}`,
        });
      } else if (seen.has(pointer)) {
        issues.push({ path, message: `points at diagnosis ${pointer} twice` });
      }
      seen.add(pointer);
    });
  });
  issues.push(...crossCheckPriorPayers(raw, firstLineWith));
  return issues;
}

/**
 * A prior payer's line must be a line of this claim, listed once by that payer, and all prior
 * payers together cannot have paid more than the line's charge.
 */
function crossCheckPriorPayers(raw: Json, lineIndex: ReadonlyMap<number, number>): PathIssue[] {
  const issues: PathIssue[] = [];
  const claimLines = items(field(raw, "lines"));
  /** claim line number → cents paid by the prior payers so far */
  const paidSoFar = new Map<number, number>();
  items(field(raw, "priorPayers")).forEach((payer, p) => {
    if (!isRecord(payer)) return;
    const listed = new Map<number, number>();
    items(field(payer, "lines")).forEach((line, j) => {
      if (!isRecord(line)) return;
      const lineNumber = field(line, "lineNumber");
      if (!isPositiveInt(lineNumber)) return;
      const path = ["priorPayers", p, "lines", j, "lineNumber"];
      const index = lineIndex.get(lineNumber);
      if (index === undefined) {
        issues.push({ path, message: `the claim has no line ${lineNumber}` });
        return;
      }
      const first = listed.get(lineNumber);
      if (first !== undefined) {
        issues.push({ path, message: `line ${lineNumber} is listed twice for this payer (also at priorPayers[${p}].lines[${first}])` });
        return;
      }
      listed.set(lineNumber, j);
      const paid = parseMoney(field(line, "paid"));
      const charge = parseMoney(field(claimLines[index] as Json, "charge"));
      if (!paid.ok || !charge.ok) return;
      const total = (paidSoFar.get(lineNumber) ?? 0) + paid.cents;
      paidSoFar.set(lineNumber, total);
      if (total > charge.cents) {
        issues.push({
          path: ["priorPayers", p, "lines", j, "paid"],
          message: `the prior payers paid ${formatCents(total)} for line ${lineNumber}, more than its charge ${formatCents(charge.cents)}`,
        });
      }
    });
  });
  return issues;
}

function crossCheckContext(raw: unknown): PathIssue[] {
  if (!isRecord(raw)) return [];
  const issues: PathIssue[] = [];
  const period = (listName: string, entry: unknown, i: number, what: string) => {
    if (!isRecord(entry)) return;
    const from = parseDate(field(entry, "from"));
    const to = parseDate(field(entry, "to"));
    if (from.ok && to.ok && to.day < from.day) {
      issues.push({ path: [listName, i, "to"], message: `${what} ends (${String(field(entry, "to"))}) before it starts (${String(field(entry, "from"))})` });
    }
  };
  items(field(raw, "coverage")).forEach((c, i) => period("coverage", c, i, "coverage"));
  items(field(raw, "otherCoverage")).forEach((c, i) => period("otherCoverage", c, i, "coverage"));
  const firstWith = new Map<string, number>();
  items(field(raw, "authorizations")).forEach((a, i) => {
    period("authorizations", a, i, "the authorization");
    if (!isRecord(a)) return;
    const number = field(a, "number");
    if (explainAuthorizationNumber(number) !== null) return;
    const key = authorizationKey(number as string | number);
    const first = firstWith.get(key);
    if (first === undefined) firstWith.set(key, i);
    else issues.push({ path: ["authorizations", i, "number"], message: `authorization number ${key} is used twice (also at authorizations[${first}])` });
  });
  return issues;
}

// ------------------------------------------------------------------------------ size limits

const ID_FIELDS = new Set(["id", "planId", "claimId"]);

/**
 * Checks the raw JSON against the size limits before anything else looks at it, so a claim of a
 * million lines or a string of a billion characters costs one pass: one issue per kind of excess.
 */
function checkLimits(raw: unknown, limits: Limits, linesField: string | null): PathIssue[] {
  const issues: PathIssue[] = [];
  const reported = new Set<string>();
  const once = (kind: string, issue: PathIssue) => {
    if (reported.has(kind)) return;
    reported.add(kind);
    issues.push(issue);
  };
  const stack: Array<{ value: unknown; path: Segment[] }> = [{ value: raw, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    const key = path.length ? path[path.length - 1] : null;
    if (path.length > limits.jsonDepth) {
      once("depth", { path, message: `nested more than ${limits.jsonDepth} deep (the limit; raise it with --limit jsonDepth=…)` });
      continue;
    }
    if (typeof value === "string") {
      const isId = typeof key === "string" && ID_FIELDS.has(key);
      const max = isId ? limits.idLength : limits.stringLength;
      const limitName = isId ? "idLength" : "stringLength";
      if (value.length > max)
        once(`string:${renderPath(path.filter((p) => typeof p === "string"))}`, {
          path,
          message: `is ${grouped(value.length)} characters long; the limit is ${grouped(max)} (raise it with --limit ${limitName}=…)`,
        });
    } else if (typeof value === "number") {
      if (key === "units" && value > limits.units)
        once("units", {
          path,
          message: `${value} units is more than the limit of ${grouped(limits.units)} units on a line (raise it with --limit units=…)`,
        });
    } else if (Array.isArray(value)) {
      const isLines = linesField !== null && path.length === 1 && key === linesField;
      const max = isLines ? limits.claimLines : limits.listItems;
      if (value.length > max) {
        once(`list:${isLines}`, {
          path,
          message: isLines
            ? `the claim has ${grouped(value.length)} lines; the limit is ${grouped(max)} (raise it with --limit claimLines=…)`
            : `holds ${grouped(value.length)} entries; the limit is ${grouped(max)} (raise it with --limit listItems=…)`,
        });
        continue;
      }
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (isRecord(value)) {
      const keys = Object.keys(value);
      if (keys.length > limits.listItems) {
        once("keys", { path, message: `has ${grouped(keys.length)} fields; the limit is ${grouped(limits.listItems)}` });
        continue;
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: value[keys[i]], path: [...path, keys[i]] });
    }
  }
  return issues;
}

// ------------------------------------------------------------------------------ normalising

/** parse of a value the schema has already validated */
function cents(v: string | number): number {
  const r = parseMoney(v);
  if (!r.ok) throw new Error(`internal: unvalidated money ${String(v)}`);
  return r.cents;
}
function day(v: string): number {
  const r = parseDate(v);
  if (!r.ok) throw new Error(`internal: unvalidated date ${v}`);
  return r.day;
}

function normalizeClaim(data: z.output<ContractSchemas["ClaimInput"]>): Claim {
  const diagnoses = data.diagnoses.map(normalizeCode);
  const lines: ClaimLine[] = data.lines
    .map((l) => ({
      lineNumber: l.lineNumber,
      serviceDate: day(l.serviceDate),
      code: normalizeCode(l.code),
      modifiers: l.modifiers.map(normalizeCode),
      units: l.units,
      charge: cents(l.charge),
      placeOfService: l.placeOfService,
      diagnosisPointers: [...l.diagnosisPointers],
      diagnoses: l.diagnosisPointers.map((p) => diagnoses[p - 1]!),
    }))
    .sort((a, b) => a.lineNumber - b.lineNumber);
  return {
    id: data.id,
    receivedDate: day(data.receivedDate),
    member: { id: data.member.id, birthDate: day(data.member.birthDate), sex: data.member.sex },
    provider: { npi: data.provider.npi, network: data.provider.network },
    diagnoses,
    principalDiagnosis: diagnoses[0]!,
    lines,
    priorAuthorization: data.priorAuthorization == null ? null : authorizationKey(data.priorAuthorization),
    priorPayers: (data.priorPayers ?? []).map(
      (payer): PriorPayer => ({
        payerId: payer.payerId,
        lines: payer.lines
          .map((l) => ({
            lineNumber: l.lineNumber,
            allowed: cents(l.allowed),
            paid: cents(l.paid),
            adjustments: l.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: cents(a.amount) })),
          }))
          .sort((a, b) => a.lineNumber - b.lineNumber),
        adjustments: payer.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: cents(a.amount) })),
      }),
    ),
    // only when given, so an original claim normalises exactly as before the fields existed
    ...(data.frequencyCode === undefined ? {} : { frequencyCode: data.frequencyCode }),
    ...(data.replaces === undefined ? {} : { replaces: data.replaces }),
  };
}

function normalizeCoverage(c: z.output<ContractSchemas["ContextInput"]>["coverage"][number]): Coverage {
  return {
    planId: c.planId,
    from: day(c.from),
    to: c.to == null ? null : day(c.to),
    relationship: c.relationship ?? null,
    employment: c.employment ?? null,
    cobra: c.cobra ?? false,
    medicare: c.medicare ?? false,
    subscriberBirthDate: c.subscriberBirthDate === undefined ? null : day(c.subscriberBirthDate),
    employerSize: c.employerSize ?? null,
    parentsSeparated: c.parentsSeparated ?? false,
  };
}

function normalizeContextData(data: z.output<ContractSchemas["ContextInput"]>): Context {
  const coverage = data.coverage.map(normalizeCoverage).sort(compareCoverage);
  const otherCoverage = data.otherCoverage.map(normalizeCoverage).sort(compareCoverage);
  const authorizations: Authorization[] = data.authorizations
    .map((a) => ({
      number: authorizationKey(a.number),
      codes: a.codes.map(normalizeCode),
      from: day(a.from),
      to: day(a.to),
      units: a.units,
      used: a.used,
    }))
    .sort(compareAuthorizationNumber);
  const history: HistoryEntry[] = data.history
    .map((h) => ({
      claimId: h.claimId,
      serviceDate: day(h.serviceDate),
      code: normalizeCode(h.code),
      modifiers: h.modifiers.map(normalizeCode),
      providerNpi: h.providerNpi,
      status: h.status,
    }))
    .sort(compareHistory);
  const rawAccumulators: Record<string, number | string> = Object.create(null);
  for (const name of Object.keys(data.accumulators).sort()) rawAccumulators[name] = data.accumulators[name]!;
  // raw until normalised by the plan's declarations (see Context.accumulators)
  const accumulators = Object.assign(Object.create(null), rawAccumulators) as Record<string, number>;
  return { asOf: day(data.asOf), coverage, otherCoverage, accumulators, rawAccumulators, authorizations, history };
}

// ------------------------------------------------------------------------------ accumulators

export interface AccumulatorDecl {
  name: string;
  unit: "money" | "count";
  /** what a count counts, for messages ("visits") */
  noun?: string;
}

export interface AccumulatorOptions {
  /** accept names the plan does not declare (they are dropped); default false: they are issues */
  allowUnknown?: boolean;
}

export type AccumulatorParse = { ok: true; accumulators: Record<string, number> } | { ok: false; issues: InputIssue[] };

/** what a count accumulator counts, for messages: the declared noun, else guessed from the name (pt_visits → visits) */
function countNoun(decl: AccumulatorDecl): string | undefined {
  return decl.noun ?? (/visit/i.test(decl.name) ? "visits" : /unit/i.test(decl.name) ? "units" : undefined);
}

function checkAccumulators(
  values: Json,
  declared: readonly AccumulatorDecl[],
  options: AccumulatorOptions,
): { accumulators: Record<string, number>; issues: PathIssue[] } {
  const issues: PathIssue[] = [];
  const accumulators: Record<string, number> = Object.create(null);
  const byName = new Map(declared.map((d) => [d.name, d]));
  for (const d of declared) accumulators[d.name] = 0;
  for (const name of Object.keys(values).sort()) {
    const value = values[name];
    const decl = byName.get(name);
    const path = ["accumulators", name];
    if (!decl) {
      if (!options.allowUnknown) {
        const known = [...byName.keys()].sort();
        issues.push({
          path,
          message: `unknown accumulator ${JSON.stringify(name)}${known.length ? ` (the plan declares ${known.join(", ")})` : " (the plan declares none)"}`,
        });
      }
      continue;
    }
    if (decl.unit === "count") {
      if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) accumulators[name] = value + 0;
      else issues.push({ path, message: `expected a non-negative whole number${countNoun(decl) ? ` of ${countNoun(decl)}` : ""}` });
    } else {
      const r = parseMoney(value);
      if (r.ok) accumulators[name] = r.cents;
      else issues.push({ path, message: r.message });
    }
  }
  return { accumulators, issues };
}

/**
 * Turns the raw accumulators of a context (name → number or decimal string) into cents (money)
 * and counts, by the plan's declarations. Every declared name is present in the result (zero
 * when the input omits it); undeclared names are issues unless `allowUnknown`.
 */
export function normalizeAccumulators(raw: unknown, declared: readonly AccumulatorDecl[], options: AccumulatorOptions = {}): AccumulatorParse {
  try {
    if (raw !== undefined && raw !== null && !isRecord(raw)) return { ok: false, issues: [{ path: "accumulators", message: "expected an object" }] };
    const { accumulators, issues } = checkAccumulators(raw ?? {}, declared, options);
    if (issues.length) return { ok: false, issues: finish(issues, contractSchemas().contextOrder, "context") };
    return { ok: true, accumulators };
  } catch (e) {
    return unreadable("accumulators", e);
  }
}

// ------------------------------------------------------------------------------ entry points

export type ClaimParse = { ok: true; claim: Claim } | { ok: false; issues: InputIssue[] };
export type ContextParse = { ok: true; context: Context } | { ok: false; issues: InputIssue[] };

export interface ContextOptions extends AccumulatorOptions, ClaimOptions {
  /** the plan's accumulators; when given, `context.accumulators` holds cents and counts */
  accumulators?: readonly AccumulatorDecl[];
}

const fallbackError = (iss: RawIssue): string => (iss.input === undefined ? "required" : "invalid value");

function unreadable(root: string, e: unknown): { ok: false; issues: InputIssue[] } {
  return { ok: false, issues: [{ path: root, message: `could not read the input (${e instanceof Error ? e.message : String(e)})` }] };
}

export interface ClaimOptions {
  /** size limits (src/common/limits.ts); the defaults otherwise */
  limits?: Partial<Limits>;
  /** the lines are planned services (a prior-authorization request): they may lie after the receipt date */
  planned?: boolean;
}

/**
 * validates claim JSON and normalises it (cents, day numbers, normalised codes, sorted lines).
 * A valid claim takes the hand-written pass of ./fast-parse.ts; anything it does not accept goes
 * through the zod schemas, which decide and word the issues.
 */
export function parseClaim(json: unknown, options: ClaimOptions = {}): ClaimParse {
  const fast = fastParseClaim(json, options);
  return fast ? { ok: true, claim: fast } : parseClaimWithZod(json, options);
}

/** parseClaim by the zod schemas alone (the fast path's judge in tests) */
export function parseClaimWithZod(json: unknown, options: ClaimOptions = {}): ClaimParse {
  try {
    const excess = checkLimits(json, limitsWith(options.limits), "lines");
    if (excess.length) return { ok: false, issues: finish(excess, contractSchemas().claimOrder, "claim") };
    const result = contractSchemas().ClaimInput.safeParse(json, { error: fallbackError });
    const issues = [...(result.success ? [] : fromZod(result.error)), ...crossCheckClaim(json, options.planned === true)];
    if (issues.length || !result.success) return { ok: false, issues: finish(issues, contractSchemas().claimOrder, "claim") };
    return { ok: true, claim: normalizeClaim(result.data) };
  } catch (e) {
    return unreadable("claim", e);
  }
}

/**
 * Validates context JSON and normalises it. Without `options.accumulators`, accumulators are
 * only checked to be amounts or counts and stay raw (numbers or decimal strings) in both
 * `context.accumulators` and `context.rawAccumulators`, for `normalizeAccumulators`; with the
 * plan's declarations, they are converted to cents and counts and any problem is reported with
 * the rest.
 */
export function parseContext(json: unknown, options: ContextOptions = {}): ContextParse {
  const fast = fastParseContext(json, options);
  return fast ? { ok: true, context: fast } : parseContextWithZod(json, options);
}

/** parseContext by the zod schemas alone (the fast path's judge in tests) */
export function parseContextWithZod(json: unknown, options: ContextOptions = {}): ContextParse {
  try {
    const excess = checkLimits(json, limitsWith(options.limits), null);
    if (excess.length) return { ok: false, issues: finish(excess, contractSchemas().contextOrder, "context") };
    const result = contractSchemas().ContextInput.safeParse(json, { error: fallbackError });
    const issues = [...(result.success ? [] : fromZod(result.error)), ...crossCheckContext(json)];
    let accumulators: Record<string, number> | null = null;
    if (options.accumulators && isRecord(json)) {
      const raw = field(json, "accumulators");
      // values the schema rejected are already reported; check declarations on the rest only
      if (raw === undefined || isRecord(raw)) {
        const acc = checkAccumulators(raw ?? {}, options.accumulators, options);
        accumulators = acc.accumulators;
        const reported = new Set(issues.map((i) => renderPath(i.path)));
        for (const i of acc.issues) if (!reported.has(renderPath(i.path))) issues.push(i);
      }
    }
    if (issues.length || !result.success) return { ok: false, issues: finish(issues, contractSchemas().contextOrder, "context") };
    const context = normalizeContextData(result.data);
    if (accumulators) context.accumulators = accumulators;
    return { ok: true, context };
  } catch (e) {
    return unreadable("context", e);
  }
}
