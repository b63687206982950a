// Diagnostics of the exporters in words: a rule or benefit the target format cannot express is
// left out with a warning at its source, never silently dropped.
import { diagnostic, type Diagnostic } from "../common/diagnostic.js";
import type { Span } from "../common/span.js";

/** `what` names the construct the format cannot express, e.g. "a table lookup (`ptp[…]`)" */
export function notExportable(span: Span, kind: "rule" | "benefit", id: string, what: string): Diagnostic {
  return diagnostic("not-exportable", span, `${kind} \`${id}\` is not exported: json-rules-engine cannot express ${what}`);
}
