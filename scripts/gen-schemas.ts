// Writes the JSON Schemas of the contract (schemas/claim, context, result and fixes .schema.json) from
// the zod schemas in src/model/schemas.ts. `generateSchemas()` is pure so a test can check that
// the checked-in files are current; run `npm run schemas` after changing the zod schemas.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { contractSchemas } from "../src/model/schemas.js";

export const SCHEMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "schemas");

function render(schema: z.ZodType, io: "input" | "output"): string {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "throw", reused: "inline" });
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** file name → file text, for every schema this script writes */
export function generateSchemas(): Record<string, string> {
  const { ClaimInput, ContextInput, FixHintsSchema, ResultSchema } = contractSchemas();
  return {
    // inputs describe what hosts may send; the result is what Edict emits (open to added fields)
    "claim.schema.json": render(ClaimInput, "input"),
    "context.schema.json": render(ContextInput, "input"),
    "result.schema.json": render(ResultSchema, "input"),
    // `edict adjudicate --fixes` adds this array to a result as `fixes` (src/fixes)
    "fixes.schema.json": render(FixHintsSchema, "input"),
  };
}

export function writeSchemas(dir: string = SCHEMA_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(generateSchemas())) {
    const path = join(dir, name);
    writeFileSync(path, text);
    written.push(path);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const path of writeSchemas()) console.log(`wrote ${path}`);
}
