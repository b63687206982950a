// The context a FHIR claim is decided in: the host's context, with the coverage periods of the
// claim's Coverage resource when the host's context gives none (the host's record of the
// member wins over what a provider sends).
import type { FhirClaimMapping } from "./read.js";

type ContextJson = Record<string, unknown>;

/** `context` with `coverage` from the claim's Coverage when it has none; a bare context (asOf the received date) when `context` is undefined */
export function contextWithCoverage(context: unknown, mapping: FhirClaimMapping): unknown {
  const base: ContextJson =
    context === undefined
      ? { asOf: String(mapping.claim.receivedDate) }
      : typeof context === "object" && context !== null && !Array.isArray(context)
        ? (context as ContextJson)
        : {};
  if (context !== undefined && base !== context) return context; // not an object: parseContext says what is wrong
  const given = base.coverage;
  if (Array.isArray(given) && given.length > 0) return base;
  if (mapping.coverage.length === 0) return base;
  return { ...base, coverage: mapping.coverage };
}
