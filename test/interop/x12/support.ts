// What the X12 tests share: the example claims and their provider directory, and checking an
// X12 text against its implementation guide's map (every transaction set walked, issues listed).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readEnvelopes } from "../../../src/interop/x12/envelope.js";
import { guide, walk } from "../../../src/interop/x12/guide.js";

export const EXAMPLES = "examples/claims";
export const FIXTURES = "test/interop/x12/fixtures";

export const exampleNames = () =>
  readdirSync(EXAMPLES)
    .filter((n) => /^\d\d-/.test(n))
    .sort();
export const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

/** examples/claims/providers.csv as a network lookup */
export function exampleNetwork(): (npi: string) => "in" | "out" {
  const rows = readFileSync(join(EXAMPLES, "providers.csv"), "utf8").trim().split("\n").slice(1);
  const map = new Map(rows.map((r) => r.split(",") as [string, "in" | "out"]));
  return (npi) => map.get(npi) ?? "out";
}

/** every departure from the guide, and every envelope problem, as "position ID: message" lines */
export function guideProblems(text: string, name: "835" | "999" | "837P" | "837I"): string[] {
  const { delimiters, interchanges } = readEnvelopes(text);
  const out: string[] = [];
  for (const ic of interchanges) {
    out.push(...ic.errors.map((e) => `interchange: ${e.message}`));
    for (const g of ic.groups) {
      out.push(...g.errors.map((e) => `group: ${e.message}`));
      for (const t of g.transactions) {
        out.push(...t.errors.map((e) => `transaction: ${e.message}`));
        out.push(...walk(guide(name), t.segments, delimiters).issues.map((i) => `${i.position} ${i.segmentId}: ${i.message}`));
      }
    }
  }
  if (interchanges.length === 0) out.push("no interchange");
  return out;
}
