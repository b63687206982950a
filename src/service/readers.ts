// Request bodies that carry claims, by media type: JSON (a claim, or { claim, context }), NDJSON
// (one such record per line, as batch runs read them) and FHIR (a Claim, or a Bundle of them,
// read by src/interop/fhir; problems at their FHIRPath). An X12 837 reader plugs in as one more
// entry of READERS: its media types, and a function from the body to claims in the contract's
// JSON shape, with problems named by position (segment number).
import { parseRecordText, splitRecord, claimIdOf } from "../batch/records.js";
import { fromFhirClaim } from "../interop/fhir/index.js";
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
  read(body: unknown): { items: BodyItem[]; many: boolean };
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

export const READERS: readonly ClaimReader[] = [jsonReader, ndjsonReader, fhirReader];

/** the reader for a Content-Type header value, or undefined */
export function readerFor(contentType: string | undefined): ClaimReader | undefined {
  const type = (contentType ?? "application/json").split(";")[0]!.trim().toLowerCase();
  return READERS.find((r) => r.mediaTypes.includes(type));
}
