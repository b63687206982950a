// Hostile text for the code generators' tests: a string that would break out of a JavaScript
// string literal, and a pack built around it (a table `t` keyed by procedure whose `note` is the
// hostile text), so a test can prove such text reaches generated code only as a constant.
import { compilePack, formatDiagnostic, type Program } from "../../src/index.js";

export const HOSTILE = '"); globalThis.pwned = true; ("';

/** HOSTILE as the inside of an .edict string literal */
export const HOSTILE_IN_EDICT = HOSTILE.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/** a pack of `rules` (.edict text, HOSTILE_IN_EDICT spliced in by the caller) over the hostile table `t` */
export function hostilePack(rules: string): Program {
  const source = `pack "p" version "1"
table t "T" from "t.csv" {
  key code: procedure
  note: text
}
${rules}`;
  const compiled = compilePack("p", { "p/rules.edict": source, "p/t.csv": `code,note\n99213,"${HOSTILE.replace(/"/g, '""')}"\n` });
  if (!compiled.ok) throw new Error(compiled.diagnostics.map(formatDiagnostic).join("\n"));
  return compiled.ruleset.program;
}
