// What the FHIR tests share: the R4 validator (loaded once per test file), the example claims,
// and a helper that reads a FHIR claim and insists it mapped.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { expect } from "vitest";
import { loadFhirValidator } from "../../../src/node/index.js";
import { fromFhirClaim, type FhirClaimMapping, type FhirReadOptions, type FhirValidator } from "../../../src/index.js";
import { checkRequirements } from "../../../src/interop/fhir/carin.js";

export const EXAMPLES = "examples/claims";
export const exampleNames = (): string[] =>
  readdirSync(EXAMPLES)
    .filter((n) => existsSync(`${EXAMPLES}/${n}/claim.json`))
    .sort();
export const readJson = (path: string): any => JSON.parse(readFileSync(path, "utf8"));

export const validator = async (): Promise<FhirValidator> => loadFhirValidator();

/** the one claim of `input`, which must map */
export function mapOne(input: unknown, options: FhirReadOptions = {}): FhirClaimMapping {
  const read = fromFhirClaim(input, options);
  const claim = read.claims[0];
  if (!claim?.ok) throw new Error(`did not map: ${JSON.stringify(read.issues.concat(claim && !claim.ok ? claim.issues : []), null, 1)}`);
  expect(read.claims).toHaveLength(1);
  return claim;
}

/** valid R4 (medplum), and, for an EOB, every element CARIN's professional profile requires */
export function expectValid(v: FhirValidator, resource: { resourceType: string }): void {
  expect(v.validate(resource as never), `${resource.resourceType} is valid R4`).toEqual([]);
  if (resource.resourceType === "ExplanationOfBenefit") expect(checkRequirements(resource), "CARIN professional profile").toEqual([]);
}
