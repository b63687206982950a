// `edict adjudicate`'s input kind for FHIR: a file whose JSON has a `resourceType` (a Claim, or a Bundle of
// claims) is read by src/interop/fhir, and `--format fhir` / `fhir-eob` answer with a
// ClaimResponse / ExplanationOfBenefit (a JSON contract claim is sent through FHIR first). A
// Claim with use = preauthorization gets a prior-authorization decision. Problems are printed
// at their FHIRPath; `--validate` checks the input and every resource written against R4.
import { dirname, join } from "node:path";
import { existsSync } from "node:fs";
import type { Resource } from "@medplum/fhirtypes";
import type { Ruleset } from "../index.js";
import { explain } from "../trace/explain.js";
import { parseContext } from "../model/schemas.js";
import { parseDate } from "../model/dates.js";
import {
  approvedAuthorizations,
  contextWithCoverage,
  decidePriorAuthorization,
  fromFhirClaim,
  toClaimResponse,
  toExplanationOfBenefit,
  toFhirClaim,
  type FhirClaimMapping,
  type FhirIssue,
  type FhirRead,
  type FhirValidator,
} from "../interop/fhir/index.js";
import { fhirIssue } from "../interop/fhir/read.js";
import { checkRequirements } from "../interop/fhir/carin.js";
import { loadFhirValidator } from "../node/fhir.js";
import type { Io, Sink } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { isNdjson, loadRules, readJsonFile, ruleLoading } from "./support.js";
import type { AdjudicateValues, InputKind } from "./adjudicate-command.js";

/** the options only FHIR input takes; `edict adjudicate` declares them beside its own */
export const FHIR_OPTIONS = {
  received: { type: "string", value: "<date>", help: "FHIR: the date the claim was received (else its clmrecvddate supportingInfo, else created)" },
  network: { type: "string", choices: ["in", "out"], help: "FHIR: the provider's network when the claim carries no network extension" },
  validate: { type: "boolean", help: "FHIR: check the input and every resource written against R4 (@medplum/core)" },
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** a FHIR run: a FHIR format, or a first file holding a FHIR resource (never a batch's .ndjson) */
function isFhirRun(operands: readonly string[], format: string): boolean {
  if (operands.some(isNdjson)) return false;
  if (format === "fhir" || format === "fhir-eob") return true;
  const first = operands[0];
  if (!first?.endsWith(".json") || !existsSync(first)) return false;
  try {
    const json = readJsonFile(first);
    return isRecord(json) && typeof json.resourceType === "string";
  } catch {
    return false;
  }
}

function report(file: string, issues: readonly FhirIssue[], err: Sink): void {
  for (const i of issues) err(`${file}: ${i.severity === "warning" ? "warning: " : ""}${i.path || "(the input)"}: ${i.message}`);
}

function contextFor(file: string, explicit: string | undefined): unknown {
  if (explicit) return readJsonFile(explicit);
  const beside = join(dirname(file), "context.json");
  return existsSync(beside) ? readJsonFile(beside) : undefined;
}

/** every resource Edict writes, checked when --validate is given; a failure is Edict's bug */
function checked(resource: Resource, validator: FhirValidator | undefined): Resource {
  if (!validator) return resource;
  const problems = [...validator.validate(resource).filter((i) => i.severity === "error")];
  if (resource.resourceType === "ExplanationOfBenefit" && resource.meta?.profile?.length) {
    for (const p of checkRequirements(resource)) problems.push(fhirIssue("error", p.path, p.message));
  }
  if (problems.length) {
    throw new CliError(
      `internal error: the ${resource.resourceType} Edict wrote is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      EXIT.internal,
    );
  }
  return resource;
}

function fhirRun(values: AdjudicateValues, operands: string[], { out, err }: Io): number {
  {
    const format = values.format;
    const received = values.received;
    if (received !== undefined && !parseDate(received).ok) throw usageError(`--received is a date like 2026-04-20, not ${received}`);
    const network = values.network;
    if (operands.length === 0) throw usageError("say which claim to adjudicate: a FHIR Claim or Bundle (.json)");
    const ruleset: Ruleset = loadRules(values.rules, err, "--rules", ruleLoading(values));
    const validator = values.validate ? loadFhirValidator() : undefined;
    const trace = values.trace;
    const explicitContext = values.context;
    const options = { ...(received ? { received } : {}), ...(network ? { network } : {}), ...(validator ? { validator } : {}) };

    let exit: number = EXIT.ok;
    const answers: unknown[] = [];
    // a Bundle in, a Bundle out, however many of its claims could be answered
    let bundled = operands.length > 1;
    for (const file of operands) {
      const input = readJsonFile(file);
      let read: FhirRead;
      if (isRecord(input) && "resourceType" in input) {
        read = fromFhirClaim(input, options);
        if (input.resourceType === "Bundle") bundled = true;
      } else {
        const written = toFhirClaim(input);
        if (!written.ok) {
          err(`${file}: the claim is malformed:`);
          for (const i of written.issues) err(`  ${i.path}: ${i.message}`);
          exit = EXIT.badInput;
          continue;
        }
        read = fromFhirClaim(written.claim, options);
      }
      report(file, read.issues, err);
      if (!read.ok) exit = EXIT.badInput;
      const rawContext = contextFor(file, explicitContext);
      for (const claim of read.claims) {
        if (!claim.ok) {
          report(file, claim.issues, err);
          continue;
        }
        report(file, claim.warnings, err);
        const answer = decide(file, claim, rawContext);
        if (answer === null) exit = EXIT.badInput;
        else answers.push(answer);
      }
    }
    if (format === "fhir" || format === "fhir-eob") {
      if (answers.length === 1 && !bundled) out(`${JSON.stringify(answers[0], null, 2)}\n`);
      else if (answers.length > 0)
        out(`${JSON.stringify({ resourceType: "Bundle", type: "collection", entry: answers.map((resource) => ({ resource })) }, null, 2)}\n`);
    } else if (format === "text") out(answers.join("\n"));
    else if (answers.length === 1) out(`${JSON.stringify(answers[0], null, 2)}\n`);
    else for (const a of answers) out(`${JSON.stringify(a)}\n`);
    return exit;

    /** the answer to one mapped claim in the chosen format; null when its context is malformed */
    function decide(file: string, mapping: FhirClaimMapping, rawContext: unknown): unknown {
      const contextJson = contextWithCoverage(rawContext, mapping);
      const created = received ?? String(mapping.claim.receivedDate);
      if (mapping.use === "preauthorization") {
        if (format === "fhir-eob") throw usageError(`${file}: ${mapping.at} is a prior-authorization request: its answer is a ClaimResponse (--format fhir)`);
        const context = parseContext(contextJson, { accumulators: ruleset.program.accumulators });
        if (!context.ok) {
          err(`${file}: the context is malformed:`);
          for (const i of context.issues) err(`  ${i.path}: ${i.message}`);
          return null;
        }
        const decision = decidePriorAuthorization(ruleset, mapping, context.context);
        if (format === "fhir") return checked(toClaimResponse(decision, mapping, { created, trace }), validator);
        if (format === "text")
          return `${decision.requestId}: prior authorization\n${decision.items.map((i) => `  item ${i.sequence} ${i.code}: ${i.note}`).join("\n")}\n`;
        const { result, ...rest } = decision;
        return { ...rest, authorizations: approvedAuthorizations(decision), ...(trace ? { trace: result.trace } : {}) };
      }
      const outcome = ruleset.adjudicate(mapping.claim, contextJson, { trace: true });
      if (!outcome.ok) {
        err(`${file}: ${mapping.at}: the claim or its context is malformed:`);
        for (const i of outcome.issues) err(`  ${i.path}: ${i.message}`);
        return null;
      }
      const result = outcome.result;
      if (format === "fhir") return checked(toClaimResponse(result, mapping, { created, trace }), validator);
      if (format === "fhir-eob") return checked(toExplanationOfBenefit(result, mapping, { created, trace }), validator);
      if (format === "text") return explain(result);
      if (trace) return result;
      const { trace: _, ...rest } = result;
      return rest;
    }
  }
}

/** `edict adjudicate`'s input kind for FHIR (and for any claim answered in a FHIR format) */
export const fhirInput: InputKind = {
  name: "FHIR input (a Claim or Bundle, or --format fhir|fhir-eob)",
  accepts: (operands, values) => isFhirRun(operands, values.format),
  options: Object.keys(FHIR_OPTIONS),
  run: fhirRun,
};
