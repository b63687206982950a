// Request bodies that carry claims, by media type: JSON (a claim, or { claim, context }), NDJSON
// (one such record per line, as batch runs read them), FHIR (a Claim, or a Bundle of them, read
// by src/interop/fhir; problems at their FHIRPath) and X12 837 (read by src/interop/x12;
// problems by segment). Another format is one more entry of READERS: its media types, and a
// function from the body to claims in the contract's JSON shape, with problems by position.
import { parseRecordText, splitRecord, claimIdOf } from "../batch/records.js";
import { fromFhirClaim } from "../interop/fhir/index.js";
import { read837 } from "../interop/x12/index.js";
import type { InputIssue } from "../model/types.js";

/** one claim found in a body, with where its parts sit (for issue paths) */
export interface ClaimItem {
  ok: true;
  claim: unknown;
  context?: unknown;
  /** "" when the claim is the whole record, "claim" when it is { claim, context } */
  claimPath: string;
  contextPath: string;
  /** where in a body of several claims: "line 3" */
  where?: string;
}

/** a part of a body that is not a claim */
export interface BadItem {
  ok: false;
  where?: string;
  claimId?: string;
  issues: InputIssue[];
}

export type BodyItem = ClaimItem | BadItem;

export interface ClaimReader {
  /** media types this reader answers for (without parameters), the first is the main one */
  mediaTypes: readonly string[];
  /** "json": the server parses the body as JSON first; "text": the reader gets the text */
  parseAs: "json" | "text";
  /** the claims of a body; `many`: the body is a list of them (answered with one line each) */
  read(body: unknown, options?: ReaderOptions): { items: BodyItem[]; many: boolean };
}

/** what a format may not say itself */
export interface ReaderOptions {
  /** a provider's network by NPI (an 837 has no field for it); absent: every provider is out of network */
  network?: (npi: string) => "in" | "out";
}

/** a claim, or { claim, context }: the record shape of batch runs */
export function readRecord(value: unknown, where?: string): BodyItem {
  const split = splitRecord(value);
  if (!split.ok) {
    const claimId = claimIdOf(value);
    return { ok: false, ...(where ? { where } : {}), ...(claimId !== null ? { claimId } : {}), issues: split.issues };
  }
  const wrapped = split.claim !== value;
  return {
    ok: true,
    claim: split.claim,
    ...(split.context !== undefined ? { context: split.context } : {}),
    claimPath: wrapped ? "claim" : "",
    contextPath: "context",
    ...(where ? { where } : {}),
  };
}

export const jsonReader: ClaimReader = {
  mediaTypes: ["application/json"],
  parseAs: "json",
  read: (body) => ({ items: [readRecord(body)], many: false }),
};

export const ndjsonReader: ClaimReader = {
  mediaTypes: ["application/x-ndjson", "application/jsonl"],
  parseAs: "text",
  read(body) {
    const items: BodyItem[] = [];
    String(body)
      .split("\n")
      .forEach((text, i) => {
        if (text.trim() === "") return;
        const where = `line ${i + 1}`;
        const parsed = parseRecordText(text);
        items.push(parsed.ok ? readRecord(parsed.value, where) : { ok: false, where, issues: parsed.issues });
      });
    return { items, many: true };
  },
};

/**
 * A FHIR R4 Claim, or a Bundle of Claims. A Claim's Coverage resources give the coverage that
 * enrolls a member the ledger does not know yet; a prior-authorization request is not a claim
 * to post. Problems come back at their FHIRPath.
 */
export const fhirReader: ClaimReader = {
  mediaTypes: ["application/fhir+json"],
  parseAs: "json",
  read(body) {
    const read = fromFhirClaim(body);
    const many = typeof body === "object" && body !== null && (body as { resourceType?: unknown }).resourceType === "Bundle";
    const items: BodyItem[] = [];
    const general = read.issues.filter((i) => i.severity === "error").map((i) => ({ path: i.path || "(body)", message: i.message }));
    if (general.length) return { items: [{ ok: false, issues: general }], many: false };
    for (const c of read.claims) {
      if (!c.ok) {
        const issues = c.issues.filter((i) => i.severity === "error").map((i) => ({ path: i.path, message: i.message }));
        items.push({ ok: false, where: c.at, ...(c.claimId ? { claimId: c.claimId } : {}), issues });
      } else if (c.use === "preauthorization") {
        items.push({
          ok: false,
          where: c.at,
          issues: [{ path: `${c.at}.use`, message: "a prior-authorization request is not a claim to post: send it to edict adjudicate (--format fhir)" }],
        });
      } else {
        items.push({
          ok: true,
          claim: c.claim,
          ...(c.coverage.length ? { context: { coverage: c.coverage } } : {}),
          claimPath: "",
          contextPath: c.at,
          where: c.at,
        });
      }
    }
    return { items, many };
  },
};

/**
 * An X12 837 (professional or institutional): every claim of every transaction set, received on
 * the functional group's date. CLM05-3 is the claim's frequency: 7 replaces and 8 voids the
 * posted claim with the same CLM01. A claim the reader refuses comes back with its reasons, each
 * naming its segment.
 */
export const x12Reader: ClaimReader = {
  mediaTypes: ["application/edi-x12", "application/x12"],
  parseAs: "text",
  read(body, options = {}) {
    const r = read837(String(body), options.network ? { network: options.network } : {});
    if (r.ack === null) return { items: [{ ok: false, issues: r.errors.map((message) => ({ path: "(body)", message })) }], many: false };
    const items: BodyItem[] = [];
    const order: Array<{ ordinal: number; item: BodyItem }> = [];
    for (const c of r.claims) {
      const code = c.source.frequencyCode;
      const claim = code === "7" || code === "8" ? { ...c.claim, frequencyCode: code } : c.claim;
      order.push({
        ordinal: c.source.ordinal,
        item: { ok: true, claim, claimPath: "", contextPath: "context", where: `transaction ${c.source.transaction} segment ${c.source.position}` },
      });
    }
    for (const x of r.rejected) {
      const where = `transaction ${x.transaction} segment ${x.position}`;
      order.push({
        ordinal: x.ordinal,
        item: { ok: false, where, ...(x.claimId ? { claimId: x.claimId } : {}), issues: x.reasons.map((message) => ({ path: where, message })) },
      });
    }
    // in file order, the refused claims where they stand
    for (const o of order.sort((a, b) => a.ordinal - b.ordinal)) items.push(o.item);
    if (items.length === 0)
      items.push({ ok: false, issues: (r.errors.length ? r.errors : ["no claim in the 837"]).map((message) => ({ path: "(body)", message })) });
    return { items, many: true };
  },
};

export const READERS: readonly ClaimReader[] = [jsonReader, ndjsonReader, fhirReader, x12Reader];

/** the reader for a Content-Type header value, or undefined */
export function readerFor(contentType: string | undefined): ClaimReader | undefined {
  const type = (contentType ?? "application/json").split(";")[0]!.trim().toLowerCase();
  return READERS.find((r) => r.mediaTypes.includes(type));
}
