// Registers the claim and context JSON Schemas (schemas/*.schema.json) with monaco's JSON
// language for the try-it panel's models, keeping any schemas the host registered itself.
import { jsonDefaults } from "../monaco.js";
import claimSchema from "../../../schemas/claim.schema.json";
import contextSchema from "../../../schemas/context.schema.json";

const CLAIM_SCHEMA_URI = "edict://schemas/claim.schema.json";
const CONTEXT_SCHEMA_URI = "edict://schemas/context.schema.json";
const claimModels = new Set<string>();
const contextModels = new Set<string>();

function update(): void {
  const current = jsonDefaults.diagnosticsOptions;
  const others = (current.schemas ?? []).filter((s) => s.uri !== CLAIM_SCHEMA_URI && s.uri !== CONTEXT_SCHEMA_URI);
  jsonDefaults.setDiagnosticsOptions({
    ...current,
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [
      ...others,
      { uri: CLAIM_SCHEMA_URI, fileMatch: [...claimModels], schema: claimSchema },
      { uri: CONTEXT_SCHEMA_URI, fileMatch: [...contextModels], schema: contextSchema },
    ],
  });
}

/** validates the models at these URIs against the claim and context schemas until disposed */
export function useClaimSchemas(claimUri: string, contextUri: string): { dispose(): void } {
  claimModels.add(claimUri);
  contextModels.add(contextUri);
  update();
  return {
    dispose() {
      claimModels.delete(claimUri);
      contextModels.delete(contextUri);
      update();
    },
  };
}
