// Edict's answer as a FHIR R4 ClaimResponse: for a claim, each item's adjudication (amounts by
// category, CARC reasons), totals, payment, outcome and disposition; for a prior-authorization
// request, each item's review outcome with its authorization number or its reason. The rule
// behind every denial rides along as an extension, and the whole trace when asked for.
// Deterministic: the id comes from the claim id and the dates from the input, never the clock.
import type { ClaimResponse, ClaimResponseItem, Extension } from "@medplum/fhirtypes";
import type { Result } from "../../model/types.js";
import type { FhirClaimMapping } from "./read.js";
import type { PriorAuthDecision } from "./prior-auth.js";
import * as S from "./systems.js";
import { fhirId } from "./ids.js";
import {
  adjudicationJson,
  categoryOf,
  concept,
  decidingEntry,
  decisionExtension,
  disposition,
  lineEntries,
  lineNote,
  reasonConcept,
  remarkConcept,
  rulesetExtension,
  totals,
  traceExtension,
  usd,
} from "./answer.js";

export interface WriteOptions {
  /** the date of the answer (YYYY-MM-DD); default: the claim's received date */
  created?: string;
  /** carry every trace entry of each item as an extension (the deciding rule is always carried when the result has a trace) */
  trace?: boolean;
}

function header(result: Result, mapping: FhirClaimMapping, options: WriteOptions): ClaimResponse {
  const src = mapping.source;
  return {
    resourceType: "ClaimResponse",
    id: fhirId("cr", result.claimId),
    extension: [rulesetExtension(result.ruleset)],
    identifier: [{ system: S.EDICT_CLAIM_ID, value: result.claimId }],
    status: "active",
    type: src.type,
    use: mapping.use,
    patient: src.patient,
    created: options.created ?? String(mapping.claim.receivedDate),
    insurer: src.insurer ?? { display: `${result.ruleset.name} ${result.ruleset.version}` },
    requestor: src.provider,
    request: src.request,
    outcome: result.status === "pended" ? "partial" : "complete",
  };
}

function itemExtensions(result: Result, lineNumber: number, decision: Extension | null, options: WriteOptions): Extension[] {
  const line = result.lines.find((l) => l.lineNumber === lineNumber)!;
  const out: Extension[] = line.remarks.map((r) => ({ url: S.EXT.remark, valueCodeableConcept: remarkConcept(r) }));
  if (decision) out.push(decision);
  if (options.trace) for (const t of result.trace ?? []) if (t.lineNumber === lineNumber) out.push(traceExtension(t));
  return out;
}

function claimAnswer(result: Result, mapping: FhirClaimMapping, options: WriteOptions): ClaimResponse {
  const out = header(result, mapping, options);
  const notes: string[] = [];
  out.item = result.lines.map((line): ClaimResponseItem => {
    const entry = decidingEntry(line, result.trace);
    notes.push(lineNote(line, entry));
    const adjudication = lineEntries(line).map(adjudicationJson);
    if (line.status !== "paid") adjudication.push({ category: categoryOf("denialreason"), reason: reasonConcept(line.reason!) });
    const decision = result.trace ? decisionExtension(line.status, line.reason, entry) : null;
    const extension = itemExtensions(result, line.lineNumber, decision, options);
    return { ...(extension.length ? { extension } : {}), itemSequence: line.lineNumber, noteNumber: [notes.length], adjudication };
  });
  out.disposition = disposition(result);
  out.total = totals(result).map((t) => ({ category: categoryOf(t.category), amount: usd(t.amount) }));
  if (result.status !== "pended") {
    out.payment = {
      type: concept(S.PAYMENT_TYPE, "complete", "Complete"),
      amount: usd(result.totals.paid),
    };
  }
  out.processNote = notes.map((text, i) => ({ number: i + 1, type: "display", text }));
  return out;
}

function priorAuthAnswer(decision: PriorAuthDecision, mapping: FhirClaimMapping, options: WriteOptions): ClaimResponse {
  const result = decision.result;
  const out = header(result, mapping, options);
  out.outcome = decision.items.some((i) => i.outcome === "pended") ? "partial" : "complete";
  if (decision.preAuthRef) {
    out.preAuthRef = decision.preAuthRef;
    const approved = decision.items.filter((i) => i.outcome === "approved");
    out.preAuthPeriod = {
      start: approved.map((i) => i.from).sort()[0],
      end: approved
        .map((i) => i.to)
        .sort()
        .at(-1),
    };
  }
  out.item = decision.items.map((item): ClaimResponseItem => {
    const line = result.lines.find((l) => l.lineNumber === item.sequence)!;
    const entry = decidingEntry(line, result.trace);
    const extra: Extension[] = [{ url: "authorizationRequired", valueBoolean: item.authorizationRequired }];
    if (item.preAuthRef)
      extra.push({ url: "preAuthRef", valueString: item.preAuthRef }, { url: "preAuthPeriod", valuePeriod: { start: item.from, end: item.to } });
    const adjudication = [adjudicationJson({ category: "submitted", amount: line.billed })];
    if (item.reason) adjudication.push({ category: categoryOf("denialreason"), reason: reasonConcept(item.reason) });
    return {
      extension: itemExtensions(result, item.sequence, decisionExtension(item.outcome, item.reason, entry, extra), options),
      itemSequence: item.sequence,
      noteNumber: [decision.items.indexOf(item) + 1],
      adjudication,
    };
  });
  const count = (o: string) => decision.items.filter((i) => i.outcome === o).length;
  out.disposition = `Prior authorization: ${count("approved")} approved, ${count("denied")} denied, ${count("pended")} pended for review.`;
  out.processNote = decision.items.map((item, i) => ({ number: i + 1, type: "display", text: `Item ${item.sequence}: ${item.note}` }));
  return out;
}

/**
 * The ClaimResponse for an adjudicated claim (a Result) or a prior-authorization decision, for
 * the request that fromFhirClaim read.
 */
export function toClaimResponse(answer: Result | PriorAuthDecision, mapping: FhirClaimMapping, options: WriteOptions = {}): ClaimResponse {
  return "kind" in answer ? priorAuthAnswer(answer, mapping, options) : claimAnswer(answer, mapping, options);
}
