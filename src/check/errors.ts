// The checker's diagnostics in words. The checker (packs, ruleset, expressions, overrides) says
// what went wrong and where — which name, which types, which close match — and these
// constructors say it in the plain sentences `edict check` and the editor show. Codes and their
// meanings are listed in src/common/diagnostic.ts.
import { diagnostic, didYouMean, replaceWith, type Diagnostic } from "../common/diagnostic.js";
import { spanAt, spanText, type Span } from "../common/span.js";
import { typeName, type CodeKind, type Type } from "../ir/types.js";
import type { LiteralProblem } from "./literals.js";

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

// ------------------------------------------------------------------ packs and includes

export function noPackFolder(span: Span, dir: string): Diagnostic {
  return diagnostic("no-pack", span, `there is no pack folder ${dir}`);
}

export function noRuleFiles(span: Span, dir: string): Diagnostic {
  return diagnostic("no-pack", span, `${dir} holds no .edict files`);
}

/**
 * An included pack or a table file outside the pack root (and the allowed folders): named,
 * never read, so nothing of a file that is not the pack's can show in a message.
 */
export function outsidePackRoot(span: Span, what: "the included pack" | "table file", path: string, root: string): Diagnostic {
  const where = root === "." ? "(the working folder)" : root;
  return diagnostic(
    "outside-pack-root",
    span,
    `${what} ${path} is outside the pack root ${where}; rule files and tables stay inside it`,
    "a folder of shared tables can be allowed with --allow-path <dir>",
  );
}

/** the host would not read a file or folder; `refused` says why ("is not a regular file") */
export function unreadableFile(span: Span, what: string, path: string, refused: string): Diagnostic {
  return diagnostic("unreadable-file", span, `${what}${path} ${refused}`);
}

export function includeCycle(span: Span, dir: string): Diagnostic {
  return diagnostic("include-cycle", span, `packs include each other in a cycle through ${dir}`);
}

/** reported at the start of the pack's first file */
export function noPackHeader(file: string, dir: string): Diagnostic {
  return diagnostic("no-pack-header", spanAt(file, 1, 1, 0), `pack ${dir} has no \`pack "name" version "…"\` line`);
}

export function duplicatePackHeader(span: Span): Diagnostic {
  return diagnostic("duplicate-pack-header", span, "a pack has exactly one `pack` line; this is a second one");
}

// ------------------------------------------------------------------ declarations and names

/** the namespaces names are declared in: value sets, tables and parameters share one */
export type Namespace = "value" | "accumulator" | "benefit" | "rule" | "precedence rule";

/**
 * `first` is where the name was declared before. `replace` is set when the second declaration
 * could instead replace an included pack's rule or parameter with an override.
 */
export function duplicateName(span: Span, namespace: Namespace, name: string, first: Span, replace?: { pack: string; kind: "rule" | "parameter" }): Diagnostic {
  const what = namespace === "value" ? "the name" : namespace;
  const hint = replace ? `to replace pack ${replace.pack}'s ${replace.kind}, write \`override ${replace.kind} ${name}\`` : undefined;
  return diagnostic("duplicate-name", span, `${what} \`${name}\` is declared twice (first at ${spanText(first)})`, hint);
}

export function unknownName(span: Span, name: string, suggestion: string | undefined): Diagnostic {
  return diagnostic("unknown-name", span, `unknown name \`${name}\``, didYouMean(suggestion), replaceWith(span, suggestion));
}

/** where only a parameter's name may stand (the plan's and benefits' amounts) */
export function unknownParameter(span: Span, name: string, suggestion: string | undefined): Diagnostic {
  return diagnostic("unknown-name", span, `unknown parameter \`${name}\``, didYouMean(suggestion), replaceWith(span, suggestion));
}

export function badLiteral(span: Span, problem: LiteralProblem): Diagnostic {
  const { text } = problem;
  const message =
    problem.kind === "too-large"
      ? `${text} is too large a number`
      : problem.kind === "money"
        ? `$${text} is not an amount of money (at most two decimals)`
        : problem.kind === "percent"
          ? `${text}% is not a percentage (at most two decimals)`
          : `${text} is not a calendar date`;
  return diagnostic("bad-literal", span, message);
}

const KIND_EXAMPLES: Record<CodeKind, string> = {
  procedure: "a CPT or HCPCS code like 99213 or G0121",
  diagnosis: "an ICD-10-CM code like Z12.11",
  modifier: "a two-character modifier like 25 or LT",
  code: "a code",
};

/** `text` is not a code of `kind` */
export function badCode(span: Span, text: string, kind: CodeKind): Diagnostic {
  const prefixNote = text.endsWith("*") && kind !== "diagnosis" ? " (only diagnosis codes can be prefixes ending in *)" : "";
  return diagnostic("bad-code", span, `\`${text}\` is not ${KIND_EXAMPLES[kind]}${prefixNote}`);
}

// ------------------------------------------------------------------ tables as declared

export function columnAlsoActive(span: Span, column: string): Diagnostic {
  return diagnostic("duplicate-column", span, `column \`${column}\` is declared and also named in \`active\`; name it only in \`active\``);
}

export function columnTwice(span: Span, column: string): Diagnostic {
  return diagnostic("duplicate-column", span, `column \`${column}\` is declared twice`);
}

export function noKey(span: Span, table: string): Diagnostic {
  return diagnostic("no-key", span, `table \`${table}\` needs at least one \`key\` column to look rows up by`);
}

export function missingTableFile(span: Span, path: string): Diagnostic {
  return diagnostic("missing-table-file", span, `table file ${path} does not exist`);
}

export function unknownTable(span: Span, name: string, suggestion: string | undefined): Diagnostic {
  return diagnostic("unknown-table", span, `unknown table \`${name}\``, didYouMean(suggestion), replaceWith(span, suggestion));
}

export function unknownColumn(span: Span, table: string, column: string, suggestion: string | undefined): Diagnostic {
  return diagnostic("unknown-column", span, `table \`${table}\` has no column \`${column}\``, didYouMean(suggestion), replaceWith(span, suggestion));
}

// ------------------------------------------------------------------ plan and benefits

export function duplicatePlan(span: Span): Diagnostic {
  return diagnostic("duplicate-plan", span, "a ruleset has one plan; this is a second one");
}

export function noPlan(span: Span): Diagnostic {
  return diagnostic("no-plan", span, "benefits need a `plan { … }` with the network tiers");
}

export function feeScheduleType(span: Span): Diagnostic {
  return diagnostic("type", span, "the fee schedule must be a money column of a table keyed by one procedure column");
}

export function incompleteTier(span: Span, network: "in" | "out"): Diagnostic {
  return diagnostic(
    "incomplete-tier",
    span,
    `the plan needs \`network ${network} { deductible … accumulator …; out_of_pocket … accumulator … (or no out_of_pocket maximum); coinsurance …% }\``,
  );
}

/** the plan's `coordination` line or an `override coordination` names no method Edict knows */
export function unknownCoordination(span: Span, word: string, methods: readonly string[], suggestion: string | undefined): Diagnostic {
  return diagnostic(
    "unknown-coordination",
    span,
    `unknown coordination method \`${word}\`; the methods are ${methods.join(", ")}`,
    didYouMean(suggestion),
    replaceWith(span, suggestion),
  );
}

/** `override coordination` in pack `by`, which includes no plan */
export function coordinationWithoutPlan(span: Span, by: string): Diagnostic {
  return diagnostic("unknown-override", span, `\`override coordination\`: there is no plan in the packs ${by} includes`);
}

/** `override coordination` in the pack that declares the plan (at `declared`) */
export function coordinationOfOwnPlan(span: Span, declared: Span): Diagnostic {
  return diagnostic("override-own", span, `the plan is declared in this pack (${spanText(declared)}); write its \`coordination\` line there instead`);
}

/** the plan comes from pack `owner` (declared at `declared`), which `by` does not include */
export function coordinationNotIncluded(span: Span, owner: string, declared: Span, by: string): Diagnostic {
  return diagnostic(
    "override-not-included",
    span,
    `the plan comes from pack ${owner} (${spanText(declared)}), which ${by} does not include; a pack overrides only the packs it includes`,
  );
}

export function unknownAccumulator(span: Span, name: string, unit: "money" | "count", suggestion: string | undefined): Diagnostic {
  return diagnostic(
    "unknown-accumulator",
    span,
    `unknown accumulator \`${name}\`: declare it with \`accumulator ${name}: ${unit}\``,
    didYouMean(suggestion),
    replaceWith(span, suggestion),
  );
}

export function accumulatorUnit(span: Span, name: string, unit: "money" | "count", needed: "money" | "count"): Diagnostic {
  return diagnostic("type", span, `accumulator \`${name}\` counts ${unit}, but ${needed} is needed here`);
}

/** the amounts a plan tier or a benefit gives, each a literal or a parameter */
export type PlanAmount = "deductible" | "outOfPocket" | "coinsurance" | "copay" | "limit";

const PLAN_AMOUNTS: Record<PlanAmount, string> = {
  deductible: "a deductible",
  outOfPocket: "an out-of-pocket maximum",
  coinsurance: "coinsurance",
  copay: "a copay",
  limit: "a limit",
};

export function planAmountType(span: Span, amount: PlanAmount, want: Type, got: Type): Diagnostic {
  return diagnostic("type", span, `${PLAN_AMOUNTS[amount]} must be ${typeName(want)}, not ${typeName(got)}`);
}

export function unknownValueSet(span: Span, name: string, suggestion: string | undefined): Diagnostic {
  return diagnostic("unknown-valueset", span, `unknown value set \`${name}\``, didYouMean(suggestion), replaceWith(span, suggestion));
}

/** a benefit's codes name a value set of diagnosis or modifier codes */
export function benefitCodesKind(span: Span, valueset: string, kind: CodeKind): Diagnostic {
  return diagnostic("type", span, `a benefit's codes are procedure codes; \`${valueset}\` holds ${kind} codes`);
}

export function noCodes(span: Span, benefit: string): Diagnostic {
  return diagnostic("no-codes", span, `benefit \`${benefit}\` needs \`codes …\`: the procedures it covers`);
}

export function duplicateCostShare(span: Span, network: "in" | "out"): Diagnostic {
  return diagnostic("duplicate-cost-share", span, `the ${network}-network cost share is given twice`);
}

// ------------------------------------------------------------------ rules and their actions

/** `span` is the whole reason (`CO-44`): the suggestion replaces only its code, the last part */
export function unknownReason(span: Span, carc: string, suggestion: string | undefined): Diagnostic {
  const codeSpan: Span = span.line === span.endLine ? { ...span, col: span.endCol - carc.length, offset: span.endOffset - carc.length } : span;
  return diagnostic(
    "unknown-reason",
    span,
    `\`${carc}\` is not a claim adjustment reason code (CARC) in the code table`,
    didYouMean(suggestion),
    codeSpan === span ? undefined : replaceWith(codeSpan, suggestion),
  );
}

export function unknownRemark(span: Span, rarc: string, suggestion: string | undefined): Diagnostic {
  return diagnostic(
    "unknown-remark",
    span,
    `\`${rarc}\` is not a remittance advice remark code (RARC) in the code table`,
    didYouMean(suggestion),
    replaceWith(span, suggestion),
  );
}

export function unknownGroup(span: Span, group: string): Diagnostic {
  return diagnostic("unknown-group", span, `\`${group}\` is not a claim adjustment group code (CO, PR, OA, PI, CR)`);
}

export function setAllowedOutsidePricing(span: Span): Diagnostic {
  return diagnostic("misplaced-action", span, "`set allowed` prices a line, so it belongs in `phase pricing`");
}

/** `text` is the amount expression as written */
export function allowedNotMoney(span: Span, text: string, type: Type): Diagnostic {
  return diagnostic("type", span, `the allowed amount must be money, but \`${text}\` is ${typeName(type)}`);
}

// ------------------------------------------------------------------ expressions

/** the place in an expression where a value of some type is wanted */
export type Role =
  | { kind: "condition" }
  | { kind: "where" }
  | { kind: "not" }
  | { kind: "logic"; op: "and" | "or" }
  | { kind: "on-date" }
  | { kind: "argument"; fn: string; index: number }
  | { kind: "lookup-key"; table: string; column: string }
  | { kind: "compared" }
  | { kind: "matches-left" }
  | { kind: "matches-right" }
  | { kind: "valueset-member"; valueset: string }
  | { kind: "table-member"; table: string }
  | { kind: "list-member"; list: string };

function roleText(role: Role): string {
  switch (role.kind) {
    case "condition":
      return "a condition";
    case "where":
      return "the condition after `where`";
    case "not":
      return "what follows `not`";
    case "logic":
      return `each side of \`${role.op}\``;
    case "on-date":
      return "the date after `on`";
    case "argument":
      return `argument ${role.index} of \`${role.fn}\``;
    case "lookup-key":
      return `key \`${role.column}\` of table \`${role.table}\``;
    case "compared":
      return "this value";
    case "matches-left":
      return "the left side of `matches`";
    case "matches-right":
      return "the right side of `matches`";
    case "valueset-member":
      return `a member of value set \`${role.valueset}\``;
    case "table-member":
      return `a key of table \`${role.table}\``;
    case "list-member":
      return `a member of \`${role.list}\``;
  }
}

/** `text` (the expression as written) is of type `got` where `role` wants `want` */
export function wrongType(span: Span, role: Role, want: Type, got: Type, text: string): Diagnostic {
  return diagnostic("type", span, `${roleText(role)} must be ${article(typeName(want))}, but \`${text}\` is ${article(typeName(got))}`);
}

export function misplacedValueSet(span: Span, name: string): Diagnostic {
  return diagnostic("misplaced-valueset", span, `\`${name}\` is a value set: use it after \`in\`, e.g. \`line.code in ${name}\``);
}

export function misplacedTable(span: Span, name: string): Diagnostic {
  return diagnostic("misplaced-table", span, `\`${name}\` is a table: look rows up with \`${name}[…]\` or test membership with \`… in ${name}\``);
}

export function notARecord(span: Span, text: string, type: Type): Diagnostic {
  return diagnostic("not-a-record", span, `\`${text}\` is ${article(typeName(type))}; it has no fields`);
}

/** `owner` is the record or table row read from; without a close match the hint lists its fields */
export function unknownField(span: Span, field: string, owner: Type, fields: readonly string[], suggestion: string | undefined): Diagnostic {
  const ownerText = owner.t === "row" ? `table ${owner.table}` : typeName(owner);
  return diagnostic(
    "unknown-field",
    span,
    `${ownerText} has no field \`${field}\``,
    didYouMean(suggestion) ?? `its fields are: ${fields.join(", ")}`,
    replaceWith(span, suggestion),
  );
}

export function missingDate(span: Span, table: string): Diagnostic {
  return diagnostic("missing-date", span, `table \`${table}\` is dated: say on which date, e.g. \`… on line.serviceDate\``);
}

export function undatedTable(span: Span, table: string): Diagnostic {
  return diagnostic("undated-table", span, `table \`${table}\` has no \`active from … until …\` dates, so \`on\` does not apply`);
}

/** `… in list on date`: there is no table at all */
export function dateWithoutTable(span: Span): Diagnostic {
  return diagnostic("undated-table", span, "`on` applies only to a dated table");
}

export function lookupKeyCount(span: Span, table: string, keyColumns: readonly string[], given: number): Diagnostic {
  const keys = keyColumns.length;
  return diagnostic(
    "key-count",
    span,
    `table \`${table}\` is looked up by ${keys} key${keys === 1 ? "" : "s"} (${keyColumns.join(", ")}), but ${given} ${given === 1 ? "is" : "are"} given`,
  );
}

/** `… in table` needs a table of one key column */
export function membershipKeyCount(span: Span, table: string, keys: number): Diagnostic {
  return diagnostic("key-count", span, `\`… in ${table}\` needs a table with one key column; \`${table}\` has ${keys}`);
}

export function unknownFunction(span: Span, name: string, suggestion: string | undefined): Diagnostic {
  return diagnostic("unknown-function", span, `unknown function \`${name}\``, didYouMean(suggestion), replaceWith(span, suggestion));
}

export function argumentCount(span: Span, fn: string, takes: number, given: number): Diagnostic {
  return diagnostic("argument-count", span, `\`${fn}\` takes ${takes} arguments, not ${given}`);
}

export function cannotNegate(span: Span, type: Type): Diagnostic {
  return diagnostic("type", span, `only numbers and money can be negated, not ${article(typeName(type))}`);
}

/** `left op right` with operands of different types; texts are the operands as written */
export function cannotCompare(span: Span, op: string, left: { type: Type; text: string }, right: { type: Type; text: string }): Diagnostic {
  const kinds = [left.type.t, right.type.t];
  const moneyHint = kinds.includes("money") && kinds.includes("integer") ? "write amounts of money with a dollar sign, e.g. $100" : undefined;
  return diagnostic(
    "type",
    span,
    `cannot compare ${article(typeName(left.type))} with ${article(typeName(right.type))}: \`${left.text}\` ${op} \`${right.text}\``,
    moneyHint,
  );
}

/** values of `type` have no order (or, for records and rows, no equality) */
export function notComparable(span: Span, type: Type, op: string): Diagnostic {
  return diagnostic("type", span, `${article(typeName(type))} cannot be compared with \`${op}\``);
}

export function cannotCompute(span: Span, op: string, left: { type: Type; text: string }, right: { type: Type; text: string }): Diagnostic {
  return diagnostic(
    "type",
    span,
    `cannot compute ${article(typeName(left.type))} ${op} ${article(typeName(right.type))} (\`${left.text}\` ${op} \`${right.text}\`)`,
  );
}

/** `x in { … }` where `x` is not a code */
export function notACode(span: Span, text: string, type: Type): Diagnostic {
  return diagnostic("type", span, `only codes can be tested against a code set, and \`${text}\` is ${article(typeName(type))}`);
}

/** what follows `in` is neither a value set, a table nor a list */
export function notACollection(span: Span, text: string, type: Type): Diagnostic {
  return diagnostic("type", span, `after \`in\` comes a value set, a table or a list, but \`${text}\` is ${article(typeName(type))}`);
}

/** `any`/`no`/`count`/`sum` over something that is not a list */
export function notAList(span: Span, text: string, type: Type): Diagnostic {
  return diagnostic("type", span, `\`${text}\` is ${article(typeName(type))}, not a list to go through`);
}

export function cannotSum(span: Span, type: Type): Diagnostic {
  return diagnostic("type", span, `only numbers and money can be summed, not ${article(typeName(type))}`);
}

// ------------------------------------------------------------------ pack overrides

/** `override parameter name = value` where the value's type differs from the original's */
export function parameterOverrideType(span: Span, name: string, original: Type, value: Type): Diagnostic {
  return diagnostic("type", span, `parameter \`${name}\` is ${typeName(original)}, so its override must be too, not ${typeName(value)}`);
}

export type OverrideWord = "override rule" | "disable rule" | "override parameter";

const targetKind = (word: OverrideWord) => (word === "override parameter" ? "parameter" : "rule");

/** `by` is the overriding pack */
export function unknownOverride(span: Span, word: OverrideWord, target: string, by: string, suggestion: string | undefined): Diagnostic {
  return diagnostic(
    "unknown-override",
    span,
    `\`${word} ${target}\`: there is no ${targetKind(word)} \`${target}\` in the packs ${by} includes`,
    didYouMean(suggestion),
    replaceWith(span, suggestion),
  );
}

/** `declared` is where the pack itself declares (or already overrode, when `overridden`) the target */
export function overrideOwn(span: Span, word: OverrideWord, target: string, declared: Span, overridden: boolean): Diagnostic {
  return diagnostic(
    "override-own",
    span,
    `${targetKind(word)} \`${target}\` is ${overridden ? "already overridden" : "declared"} in this pack (${spanText(declared)}); change it there instead`,
  );
}

/** the target comes from pack `owner` (declared at `declared`), which `by` does not include */
export function overrideNotIncluded(span: Span, word: OverrideWord, target: string, owner: string, declared: Span, by: string): Diagnostic {
  return diagnostic(
    "override-not-included",
    span,
    `${targetKind(word)} \`${target}\` comes from pack ${owner} (${spanText(declared)}), which ${by} does not include; a pack overrides only the packs it includes`,
  );
}

/** pack `pack` disabled the rule at `disabled` */
export function overrideOfDisabled(span: Span, word: "override rule" | "disable rule", rule: string, pack: string, disabled: Span): Diagnostic {
  return diagnostic("override-disabled", span, `\`${word} ${rule}\`: pack ${pack} already disabled that rule (${spanText(disabled)})`);
}
