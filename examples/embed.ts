// Embedding Edict in a host: the host supplies the pack's files (here read from disk, but they
// could come from a database or a bundle), compiles once, then adjudicates claims purely.
// Run: npx tsx examples/embed.ts
import { readdirSync, readFileSync } from "node:fs";
import { compilePack, explain, formatDiagnostic } from "../src/index.js";

function filesUnder(dir: string, into: Record<string, string> = {}): Record<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) filesUnder(path, into);
    else if (/\.(edict|csv)$/.test(entry.name)) into[path] = readFileSync(path, "utf8");
  }
  return into;
}

const files = { ...filesUnder("rules/demo-ppo"), ...filesUnder("rules/cms-edits") };
const compiled = compilePack("rules/demo-ppo", files);
if (!compiled.ok) {
  console.error(compiled.diagnostics.map(formatDiagnostic).join("\n"));
  process.exit(1);
}
const { ruleset } = compiled;
console.log(`compiled ${ruleset.name} ${ruleset.version}, hash ${ruleset.hash.slice(0, 12)}`);

const claim = {
  id: "EMBED-1",
  receivedDate: "2026-03-20",
  member: { id: "M-100", birthDate: "1985-06-01", sex: "F" },
  provider: { npi: "1234567893", network: "in" },
  diagnoses: ["J06.9"],
  lines: [{ lineNumber: 1, serviceDate: "2026-03-12", code: "99213", modifiers: [], units: 1, charge: "150.00", placeOfService: "11", diagnosisPointers: [1] }],
};
const context = { asOf: "2026-03-20", coverage: [{ planId: "DEMO-PPO", from: "2026-01-01", to: null }], accumulators: {} };

const outcome = ruleset.adjudicate(claim, context, { trace: true });
if (!outcome.ok) {
  for (const issue of outcome.issues) console.error(`${issue.path}: ${issue.message}`);
  process.exit(2);
}
console.log(explain(outcome.result));

// Bad input is answered with every problem and its path, never an exception:
const bad = ruleset.adjudicate({ ...claim, lines: [{ ...claim.lines[0], units: 0, charge: "1.234" }] }, context);
if (!bad.ok) for (const issue of bad.issues) console.log(`rejected: ${issue.path}: ${issue.message}`);
