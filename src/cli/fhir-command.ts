// `edict adjudicate` over FHIR: a file whose JSON has a `resourceType` (a Claim, or a Bundle of
// claims) is read by src/interop/fhir, and `--format fhir` / `fhir-eob` answer with a
// ClaimResponse / ExplanationOfBenefit (a JSON contract claim is sent through FHIR first). A
// Claim with use = preauthorization gets a prior-authorization decision. Problems are printed
// at their FHIRPath; `--validate` checks the input and every resource written against R4.
import { dirname, join } from "node:path";
import { existsSync } from "node:fs";
import type { Resource } from "@medplum/fhirtypes";
import { explain, type Ruleset } from "../index.js";
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
import { EXIT, Fail, guarded, loadRules, readJsonFile, stringFlag, type CommandArgs, type Sink } from "./support.js";

const FORMATS = ["json", "text", "fhir", "fhir-eob"] as const;
type Format = (typeof FORMATS)[number];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** whether this `adjudicate` run is a FHIR one: a FHIR format, or a first file holding a FHIR resource */
export function isFhirRun(args: CommandArgs): boolean {
  const format = args.flags.get("format");
  if (format === "fhir" || format === "fhir-eob") return true;
  const first = args.positional[0];
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
    throw new Fail(
      `internal error: the ${resource.resourceType} Edict wrote is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      EXIT.internal,
    );
  }
  return resource;
}

export function fhirCommand(args: CommandArgs, out: Sink, err: Sink): number {
  return guarded(err, () => {
    const format = (stringFlag(args, "format") ?? "json") as Format;
    if (!FORMATS.includes(format)) throw new Fail(`--format is ${FORMATS.join(", ")}, not ${format}`, EXIT.usage);
    const received = stringFlag(args, "received");
    if (received !== undefined && !parseDate(received).ok) throw new Fail(`--received is a date like 2026-04-20, not ${received}`, EXIT.usage);
    const network = stringFlag(args, "network");
    if (network !== undefined && network !== "in" && network !== "out") throw new Fail(`--network is in or out, not ${network}`, EXIT.usage);
    if (args.positional.length === 0) throw new Fail("say which claim to adjudicate: a FHIR Claim or Bundle (.json)", EXIT.usage);
    const ruleset: Ruleset = loadRules(stringFlag(args, "rules"), err);
    const validator = args.flags.get("validate") === true ? loadFhirValidator() : undefined;
    const trace = args.flags.get("trace") === true;
    const explicitContext = stringFlag(args, "context");
    const options = { ...(received ? { received } : {}), ...(network ? { network: network as "in" | "out" } : {}), ...(validator ? { validator } : {}) };

    let exit: number = EXIT.ok;
    const answers: unknown[] = [];
    // a Bundle in, a Bundle out, however many of its claims could be answered
    let bundled = args.positional.length > 1;
    for (const file of args.positional) {
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
        if (format === "fhir-eob")
          throw new Fail(`${file}: ${mapping.at} is a prior-authorization request: its answer is a ClaimResponse (--format fhir)`, EXIT.usage);
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
  });
}
