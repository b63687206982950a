// The Node edge: reads packs (or built artifacts) from the file system for the CLI and for
// hosts on a server. The only place besides src/cli that touches `fs`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { compilePack, makeRuleset, type CompileOutput } from "../index.js";
import type { PackHost } from "../check/packs.js";
import type { CheckOptions } from "../check/ruleset.js";
import { decodeProgram, encodeProgram } from "../artifact/artifact.js";
import { badArtifact } from "../artifact/errors.js";

export const fileSystemHost: PackHost = {
  list(dir) {
    try {
      return statSync(dir).isDirectory() ? readdirSync(dir) : undefined;
    } catch {
      return undefined;
    }
  },
  read(path) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Compiles the pack in folder `path` (and the packs it includes), or loads the artifact file
 * `path` written by `edict build`.
 */
export function loadPack(path: string, options: CheckOptions = {}): CompileOutput {
  if (isFile(path)) {
    const decoded = decodeProgram(readFileSync(path));
    if (!decoded.ok) return { ok: false, diagnostics: [badArtifact(path, decoded.message)] };
    return { ok: true, ruleset: makeRuleset(decoded.program), diagnostics: [] };
  }
  return compilePack(path.replace(/\/+$/, ""), fileSystemHost, options);
}

/** the artifact bytes of a compiled pack (for `edict build`) */
export function buildArtifact(out: CompileOutput & { ok: true }): Uint8Array {
  return encodeProgram(out.ruleset.program);
}

export { loadFhirValidator } from "./fhir.js";
