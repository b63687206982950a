// A diagnostic is one problem found in rule text or tables, with the span it points at.
// Every stage (lexer, parser, checker, table loader) reports through this one shape.
import { spanText, type Span } from "./span.js";

export interface Diagnostic {
  severity: "error" | "warning";
  /** stable identifier, e.g. "syntax", "unknown-field", "bad-table-row" */
  code: string;
  /** one sentence a non-programmer understands */
  message: string;
  span: Span;
  /** e.g. "did you mean `serviceDate`?" */
  hint?: string;
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
