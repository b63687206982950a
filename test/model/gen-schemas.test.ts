// The checked-in JSON Schemas in schemas/ must be exactly what scripts/gen-schemas.ts generates.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCHEMA_DIR, generateSchemas } from "../../scripts/gen-schemas.js";

describe("schemas/*.schema.json", () => {
  const generated = generateSchemas();

  it("generates the four contract schemas deterministically", () => {
    expect(Object.keys(generated).sort()).toEqual(["claim.schema.json", "context.schema.json", "fixes.schema.json", "result.schema.json"]);
    expect(generateSchemas()).toEqual(generated);
    for (const text of Object.values(generated)) {
      expect(text.endsWith("}\n")).toBe(true);
      expect(JSON.parse(text).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    }
  });

  it("are up to date (run `npm run schemas` after changing src/model/schemas.ts)", () => {
    for (const [name, text] of Object.entries(generated)) {
      expect(readFileSync(join(SCHEMA_DIR, name), "utf8"), name).toBe(text);
    }
  });

  it("name the contract's fields", () => {
    const claim = JSON.parse(generated["claim.schema.json"]!);
    expect(Object.keys(claim.properties)).toEqual([
      "id",
      "receivedDate",
      "member",
      "provider",
      "diagnoses",
      "lines",
      "priorAuthorization",
      "priorPayers",
      "frequencyCode",
      "replaces",
    ]);
    expect(claim.additionalProperties).toBe(false);
    expect(Object.keys(claim.properties.priorPayers.items.properties)).toEqual(["payerId", "lines", "adjustments"]);
    expect(Object.keys(claim.properties.priorPayers.items.properties.lines.items.properties)).toEqual(["lineNumber", "allowed", "paid", "adjustments"]);
    expect(Object.keys(claim.properties.lines.items.properties)).toEqual([
      "lineNumber",
      "serviceDate",
      "code",
      "modifiers",
      "units",
      "charge",
      "placeOfService",
      "diagnosisPointers",
    ]);
    const context = JSON.parse(generated["context.schema.json"]!);
    expect(Object.keys(context.properties)).toEqual(["asOf", "coverage", "otherCoverage", "accumulators", "authorizations", "history"]);
    expect(context.required).toEqual(["asOf"]);
    const result = JSON.parse(generated["result.schema.json"]!);
    expect(Object.keys(result.properties)).toEqual(["claimId", "ruleset", "status", "totals", "lines", "accumulators", "trace"]);
  });
});
