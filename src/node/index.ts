// The Node edge: reads packs from the file system for the CLI and for hosts on a server.
// The only place besides src/cli that touches `fs`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { compilePack, type CompileOutput } from "../index.js";
import type { PackHost } from "../check/packs.js";
import type { CheckOptions } from "../check/ruleset.js";

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

/** compiles the pack in folder `dir` (and the packs it includes) from the file system */
export function loadPack(dir: string, options: CheckOptions = {}): CompileOutput {
  return compilePack(dir.replace(/\/+$/, ""), fileSystemHost, options);
}
