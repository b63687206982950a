// Running the CLI in process for the batch, diff and estimate tests, and writing generated
// claims as NDJSON.
import { writeFileSync } from "node:fs";
import { run } from "../../src/cli/main.js";
import { generateClaims } from "../../bench/gen-claims.js";
import { loadPackTables } from "../../bench/tables.js";

export function edict(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = run(
    args,
    (s) => (stdout += s),
    (s) => (stderr += s + "\n"),
  );
  // an asynchronous command answers a promise; the commands run in process here are synchronous
  if (typeof code !== "number") throw new Error(`edict ${args[0]} is asynchronous; run it with the installed binary`);
  return { code, stdout, stderr };
}

/** `count` generated claims of the shipped demo-ppo pack, one JSON record a line */
export function generatedLines(seed: number, count: number): string[] {
  return generateClaims(seed, count, loadPackTables("rules/demo-ppo")).map((r) => JSON.stringify(r));
}

export function writeLines(path: string, lines: string[]): void {
  writeFileSync(path, lines.map((l) => l + "\n").join(""));
}
