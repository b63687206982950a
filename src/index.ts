// Edict's library API: compile a pack from files the host supplies, then adjudicate claims
// synchronously and purely. Browser-safe: no file system, clock or environment below here.
import { checkRuleset, type CheckOptions } from "./check/ruleset.js";
import { memoryHost, type PackHost } from "./check/packs.js";
import type { Program } from "./ir/ir.js";
import type { Diagnostic } from "./common/diagnostic.js";
import { makeRuleset, type Ruleset } from "./engine/ruleset.js";

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

export { checkRuleset, memoryHost, makeRuleset };
export type { Ruleset, AdjudicateOptions, Adjudication } from "./engine/ruleset.js";
export type { Decisions } from "./engine/adjudicate.js";
export type { PackHost, Program, Diagnostic };
export { formatDiagnostic, DIAGNOSTIC_CODES } from "./common/diagnostic.js";
export type { DiagnosticCode } from "./common/diagnostic.js";
export { parse, print, format } from "./syntax/index.js";
export { explain } from "./trace/explain.js";
export { suggestFixes, fixesFor, formatFixes } from "./fixes/fixes.js";
export type { FixHint, FixChange, FixOptions, FixOutcome } from "./fixes/fixes.js";
export { parseClaim, parseContext } from "./model/schemas.js";
export type * from "./model/types.js";
export {
  fromFhirClaim,
  toClaimResponse,
  toExplanationOfBenefit,
  toFhirClaim,
  decidePriorAuthorization,
  approvedAuthorizations,
  contextWithCoverage,
  createFhirValidator,
} from "./interop/fhir/index.js";
export type {
  FhirIssue,
  FhirRead,
  FhirReadOptions,
  FhirClaimRead,
  FhirClaimMapping,
  PriorAuthDecision,
  PriorAuthItem,
  AuthorizationJson,
  FhirValidator,
  WriteOptions as FhirWriteOptions,
} from "./interop/fhir/index.js";
export { read837, write835, read835, balance835, pendedClaims } from "./interop/x12/index.js";
export type {
  Read837,
  Read837Options,
  ClaimRead,
  ClaimSource,
  RejectedClaim,
  Remittance,
  Write835Options,
  PayerProfile,
  Read835,
  Payment835,
} from "./interop/x12/index.js";
