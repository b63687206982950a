// The syntax stage's diagnostics in words: the lexer and parser say what went wrong, these
// constructors say it. Chevrotain's own "expected … found …" sentences are worded in messages.ts,
// because chevrotain asks for them through its message-provider hooks.
import { diagnostic, didYouMean, replaceWith, type Diagnostic } from "../common/diagnostic.js";
import { spanAt, type Span } from "../common/span.js";

/** a sentence messages.ts wrote for chevrotain: a token or construct the grammar did not expect */
export function grammarMismatch(span: Span, message: string, hint?: string): Diagnostic {
  return diagnostic("syntax", span, message, hint);
}

/** characters that make no token (`found` is the run of them as written) */
export function unexpectedCharacters(span: Span, found: string): Diagnostic {
  if (found.startsWith("!")) return diagnostic("syntax", span, 'unexpected "!"', 'write "!=" for "is not equal to", or "not" before a condition');
  const shown = JSON.stringify(found.length > 20 ? `${found.slice(0, 20)}…` : found);
  const what = found.length === 1 ? `character ${shown}: it has` : `characters ${shown}: they have`;
  return diagnostic("syntax", span, `unexpected ${what} no meaning in Edict`);
}

export function unterminatedText(span: Span): Diagnostic {
  return diagnostic("syntax", span, "this text has no closing quote", 'end the text with " on the same line');
}

/** `'R'`: `inner` is the text between the quotes */
export function singleQuotedText(span: Span, inner: string): Diagnostic {
  return diagnostic("syntax", span, "texts are written in double quotes", `write "${inner}"`);
}

export function nestedTooDeep(span: Span, limit: number): Diagnostic {
  return diagnostic("syntax", span, `expressions are nested more than ${limit} deep here`, "split the condition into simpler parts");
}

/** a line a plan, network block or benefit may have only once */
export type OnceOnlyLine = "fee schedule" | "coordination" | "deductible" | "out_of_pocket" | "coinsurance" | "when" | "limit" | "requires authorization";

const REPEATED_LINE: Record<OnceOnlyLine, string> = {
  "fee schedule": "the plan already has a fee schedule",
  coordination: "the plan already has a coordination line",
  deductible: "the network block already has a deductible line",
  out_of_pocket: "the network block already has an out_of_pocket line",
  coinsurance: "the network block already has a coinsurance line",
  when: 'the benefit already has a "when" line',
  limit: "the benefit already has a limit",
  "requires authorization": 'the benefit already says "requires authorization"',
};

export function repeatedLine(span: Span, line: OnceOnlyLine): Diagnostic {
  return diagnostic("syntax", span, REPEATED_LINE[line]);
}

/** `x.y[a]`: only a table's bare name can be looked up */
export function lookupOfNonTable(span: Span): Diagnostic {
  return diagnostic("syntax", span, 'only a table\'s name can be followed by "[ … ]", like ptp[line.code, other.code]');
}

/** `$25.5`: `image` is the amount as written */
export function moneyDecimals(span: Span, image: string): Diagnostic {
  return diagnostic("syntax", span, `an amount of money has two decimals, like $25.00; found "${image}"`);
}

export function unknownPhase(span: Span, phase: string, phases: readonly string[], suggestion: string | undefined): Diagnostic {
  return diagnostic(
    "unknown-phase",
    span,
    `unknown phase "${phase}"; the phases are ${phases.join(", ")}`,
    didYouMean(suggestion),
    replaceWith(span, suggestion),
  );
}

/** the parser threw: a bug, reported at the start of the file instead of crashing the caller */
export function parserFailed(file: string, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return diagnostic("internal", spanAt(file, 1, 1, 0), `the parser failed unexpectedly (${reason}); please report this`);
}
