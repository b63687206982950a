// A diagnostic is one problem found in rule text or tables, with the span it points at.
// Every stage (lexer, parser, checker, table loader) reports through this one shape. Each code
// is listed once in DIAGNOSTIC_CODES; each stage words its diagnostics in its own errors.ts
// (src/syntax, src/check, src/tables, …), so the stage's logic only says what went wrong.
// grammar/DIAGNOSTICS.md is generated from this table (scripts/diagnostics-doc.ts).
// CONTRIBUTING.md, "Adding a diagnostic", says how to add one.
import { spanText, type Span } from "./span.js";

/** the part of Edict that finds the problem; each has an errors.ts of its own */
export type DiagnosticStage = "syntax" | "check" | "tables" | "artifact" | "interop";

export type Severity = "error" | "warning";

interface CodeInfo {
  stage: DiagnosticStage;
  severity: Severity;
  /** one line: what the problem is */
  meaning: string;
}

/**
 * Every diagnostic code, once. Codes are a stable contract: editor markers and
 * `edict check --format json` carry them, so add codes but never rename or reuse one.
 */
export const DIAGNOSTIC_CODES = {
  // ---- syntax: src/syntax/errors.ts
  syntax: { stage: "syntax", severity: "error", meaning: "The text does not follow the grammar: a word or sign is missing, misplaced, misspelt or repeated." },
  "unknown-phase": { stage: "syntax", severity: "error", meaning: "A rule names a phase that does not exist." },
  internal: { stage: "syntax", severity: "error", meaning: "The parser failed on a bug of its own; the text may be fine. Please report it." },

  // ---- check: src/check/errors.ts — packs and includes
  "no-pack": { stage: "check", severity: "error", meaning: "A pack folder (the one checked, or one included) does not exist or holds no .edict files." },
  "include-cycle": { stage: "check", severity: "error", meaning: "Packs include each other in a cycle." },
  "no-pack-header": { stage: "check", severity: "error", meaning: 'A pack has no `pack "name" version "…"` line.' },
  "duplicate-pack-header": { stage: "check", severity: "error", meaning: "A pack has more than one `pack` line." },
  "outside-pack-root": {
    stage: "check",
    severity: "error",
    meaning: "An included pack or a table file lies outside the pack root (the folder holding the entry pack) and the folders allowed with --allow-path.",
  },
  "unreadable-file": {
    stage: "check",
    severity: "error",
    meaning:
      "A rule or table file may not be read: not a regular file, larger than its size limit, not UTF-8, or reached through a link that leads outside the pack root.",
  },

  // ---- check — declarations and names
  "duplicate-name": { stage: "check", severity: "error", meaning: "Two declarations of the same kind (or two value sets, tables or parameters) share a name." },
  "unknown-name": { stage: "check", severity: "error", meaning: "A name is not a fact, variable, parameter, value set or table." },
  "bad-literal": { stage: "check", severity: "error", meaning: "A number, amount, percentage, date or duration is malformed or too large." },
  "bad-code": { stage: "check", severity: "error", meaning: "A code does not have the shape of the kind of code expected where it is used." },
  type: { stage: "check", severity: "error", meaning: "A value has the wrong type for where it is used, or an operator does not apply to its operands." },

  // ---- check — tables as declared
  "duplicate-column": { stage: "check", severity: "error", meaning: "A table declares a column twice, or declares a column `active` already names." },
  "no-key": { stage: "check", severity: "error", meaning: "A table has no `key` column to look rows up by." },
  "missing-table-file": { stage: "check", severity: "error", meaning: "The file a table is read from does not exist." },
  "unknown-table": { stage: "check", severity: "error", meaning: "A name used as a table is not a declared table." },
  "unknown-column": { stage: "check", severity: "error", meaning: "The plan's fee schedule names a column its table does not have." },

  // ---- check — plan and benefits
  "duplicate-plan": { stage: "check", severity: "error", meaning: "A ruleset has more than one plan." },
  "no-plan": { stage: "check", severity: "error", meaning: "Benefits are declared but there is no plan." },
  "incomplete-tier": { stage: "check", severity: "error", meaning: "A network tier of the plan is missing, or lacks its deductible, maximum or coinsurance." },
  "unknown-accumulator": { stage: "check", severity: "error", meaning: "A plan or benefit names an accumulator that is not declared." },
  "unknown-valueset": { stage: "check", severity: "error", meaning: "A benefit's codes name a value set that is not declared." },
  "no-codes": { stage: "check", severity: "error", meaning: "A benefit does not say which procedure codes it covers." },
  "duplicate-cost-share": { stage: "check", severity: "error", meaning: "A benefit gives its cost share for one network twice." },
  "unknown-coordination": {
    stage: "check",
    severity: "error",
    meaning: "A plan's `coordination` line or an `override coordination` names a method that does not exist.",
  },

  // ---- check — rules and their actions
  "unknown-reason": { stage: "check", severity: "error", meaning: "A reason code (CARC) is not in the code table." },
  "unknown-remark": { stage: "check", severity: "error", meaning: "A remark code (RARC) is not in the code table." },
  "unknown-group": { stage: "check", severity: "error", meaning: "A claim adjustment group code is not in the code table." },
  "misplaced-action": { stage: "check", severity: "error", meaning: "An action is in a phase it does not belong to (`set allowed` outside pricing)." },

  // ---- check — expressions
  "misplaced-valueset": { stage: "check", severity: "error", meaning: "A value set is used as a value instead of after `in`." },
  "misplaced-table": { stage: "check", severity: "error", meaning: "A table is used as a value instead of being looked up or tested with `in`." },
  "not-a-record": { stage: "check", severity: "error", meaning: "A field is read from a value that has no fields." },
  "unknown-field": { stage: "check", severity: "error", meaning: "A record or table row has no field of that name." },
  "missing-date": { stage: "check", severity: "error", meaning: "A dated table is used without `on` and a date." },
  "undated-table": { stage: "check", severity: "error", meaning: "`on` and a date are given where no dated table is used." },
  "key-count": { stage: "check", severity: "error", meaning: "A table is looked up by a different number of keys than it has." },
  "unknown-function": { stage: "check", severity: "error", meaning: "A call names a function that does not exist." },
  "argument-count": { stage: "check", severity: "error", meaning: "A function is called with the wrong number of arguments." },

  // ---- check — pack overrides
  "unknown-override": {
    stage: "check",
    severity: "error",
    meaning: "An override or disable names a rule or parameter the included packs do not have (or overrides the coordination of a plan they do not have).",
  },
  "override-own": {
    stage: "check",
    severity: "error",
    meaning: "A pack overrides a rule, parameter or plan coordination it declares (or already overrode) itself.",
  },
  "override-not-included": {
    stage: "check",
    severity: "error",
    meaning: "A pack overrides a rule, parameter or plan coordination of a pack it does not include.",
  },
  "override-disabled": { stage: "check", severity: "error", meaning: "A rule is overridden or disabled after a pack already disabled it." },

  // ---- tables: src/tables/errors.ts
  "missing-column": { stage: "tables", severity: "error", meaning: "A table file's header row lacks a declared column." },
  "bad-table-row": { stage: "tables", severity: "error", meaning: "A table row has the wrong number of cells, or a cell that is empty or of the wrong type." },
  "bad-table": { stage: "tables", severity: "error", meaning: "A table file cannot be read as a whole: it is empty or its quoting is broken." },

  // ---- artifact: src/artifact/errors.ts
  "bad-artifact": { stage: "artifact", severity: "error", meaning: "A file given as a built ruleset was not written by `edict build`, or is damaged." },
  "bad-signature": {
    stage: "artifact",
    severity: "error",
    meaning: "An artifact's signature does not verify, or it is signed by another key than the one required.",
  },
  "signature-required": {
    stage: "artifact",
    severity: "error",
    meaning: "A signature is required, but the rules are unsigned (an unsigned artifact or a pack folder).",
  },

  // ---- interop: src/interop/errors.ts
  "not-exportable": { stage: "interop", severity: "warning", meaning: "A rule or benefit cannot be expressed in the export format and is left out." },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  severity: Severity;
  /** stable identifier from DIAGNOSTIC_CODES, e.g. "syntax", "unknown-field", "bad-table-row" */
  code: DiagnosticCode;
  /** one sentence a non-programmer understands */
  message: string;
  span: Span;
  /** e.g. "did you mean `serviceDate`?" */
  hint?: string;
  /**
   * the fix a "did you mean" hint proposes, as data: the text that replaces `span` (a misspelt
   * name's span, or the code part of a reason code). Editors offer it as a quick fix; the message
   * and hint say the same in words.
   */
  suggestion?: Suggestion;
}

export interface Suggestion {
  span: Span;
  text: string;
}

/** the one way a diagnostic is made (by the constructors in each stage's errors.ts); the severity comes from the code */
export function diagnostic(code: DiagnosticCode, span: Span, message: string, hint?: string, suggestion?: Suggestion): Diagnostic {
  const d: Diagnostic = { severity: DIAGNOSTIC_CODES[code].severity, code, message, span };
  if (hint) d.hint = hint;
  if (suggestion) d.suggestion = suggestion;
  return d;
}

/** the suggestion that replaces the whole of `span` with `name`, when there is a name */
export function replaceWith(span: Span, name: string | undefined): Suggestion | undefined {
  return name === undefined ? undefined : { span, text: name };
}

/** the hint for a name that is close to a known one */
export function didYouMean(suggestion: string | undefined): string | undefined {
  return suggestion === undefined ? undefined : `did you mean \`${suggestion}\`?`;
}

/** `rules/demo-ppo/plan.edict:12:7: error: …` followed by the hint on its own line */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${spanText(d.span)}: ${d.severity}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** orders diagnostics by file, then position, so output never depends on discovery order */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.offset - b.span.offset ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
