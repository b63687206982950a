// compilePack, the library's way in (re-exported by src/index.ts): a pack's files checked and
// compiled into a Ruleset. Its own module so that src/node and the CLI reach it without
// src/index.ts, whose re-exports would make every bundle that imports it load the X12 guide maps.
import { checkRuleset, type CheckOptions } from "../check/ruleset.js";
import { memoryHost, type PackHost } from "../check/packs.js";
import type { Diagnostic } from "../common/diagnostic.js";
import { makeRuleset, type Ruleset } from "./ruleset.js";

export type CompileOutput = { ok: true; ruleset: Ruleset; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Compiles the pack in folder `entry`, reading files through `host`, or from a plain object of
 * path → text (e.g. `{ "demo-ppo/plan.edict": "…", "demo-ppo/tables/fees.csv": "…" }`).
 */
export function compilePack(entry: string, files: PackHost | Record<string, string>, options: CheckOptions = {}): CompileOutput {
  const host = isHost(files) ? files : memoryHost(files);
  const checked = checkRuleset(entry, host, options);
  if (!checked.program) return { ok: false, diagnostics: checked.diagnostics };
  return { ok: true, ruleset: makeRuleset(checked.program), diagnostics: checked.diagnostics };
}

function isHost(x: PackHost | Record<string, string>): x is PackHost {
  return typeof (x as PackHost).read === "function" && typeof (x as PackHost).list === "function";
}
