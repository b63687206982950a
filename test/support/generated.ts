// The vocabulary of generated JavaScript, for the code generators' safety tests: every word the
// generators may write on their own. Any other word or a quote in generated text would be text
// from a rule or a claim that reached the source instead of a constant (K[n]).

/** the expression generator's words (src/compile/codegen.ts), long lists through indexes (plan.ts) and exact sums included */
const EXPRESSIONS =
  "use strict function return let const for if continue null true false K H E f i k m n v P KV items total length has includes " +
  "codeSetHas compare arithmetic callFunction matchesPattern inTable lookup lookup1 lookup2 lookupCodes2 exactSum candidates memo";

/** the contract's field names, read as properties (src/model/types.ts) */
const CONTRACT_FIELDS =
  "accumulators authorizations birthDate charge claimId cobra code codes coverage diagnoses diagnosisPointers employerSize employment " +
  "frequencyCode from history id lineNumber lines medicare member modifiers network npi number otherCoverage paid parentsSeparated " +
  "payerId placeOfService planId principalDiagnosis priorAuthorization priorPayers provider providerNpi receivedDate relationship " +
  "replaces serviceDate sex status subscriberBirthDate to units used";

/** the phase runners' own words (src/compile/driver.ts, driver-traced.ts): lines, their rules, the claim's lines for the pair probes, the actions */
export const RUNNER_WORDS =
  "lines claim context A s l R rules phases prime claimLines line index switch case break push DENIED PAID deny pend remark setAllowed allowedOverride";

/** the fact log's words (src/runtime/facts.ts) and the kept results of key-only quantifiers, in traced code */
export const FACT_LOG_WORDS = "L read record mark rollback W R memoWitness witness value";

/** the words of a generated text that are neither the generators' (with `own`, a space-separated list) nor generated names, and its quotes */
export function foreignTokens(source: string, own = ""): string[] {
  const vocabulary = new Set(`${EXPRESSIONS} ${CONTRACT_FIELDS} ${own}`.split(" "));
  const body = source.replace(/^"use strict"; /, "");
  const quotes = body.match(/["'`\\]/g) ?? [];
  const words = (body.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []).filter((w) => !vocabulary.has(w) && !/^[qtrw]\d+$/.test(w));
  return [...quotes, ...words];
}
