// Rewrites examples/claims/*/expected.json from the current engine. Run it only after checking
// that the change in results is intended; `git diff examples/` shows what moved.
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { loadPack } from "../src/node/index.js";
import { formatDiagnostic } from "../src/common/diagnostic.js";

const pack = loadPack("rules/demo-ppo");
if (!pack.ok) {
  console.error(pack.diagnostics.map(formatDiagnostic).join("\n"));
  process.exit(1);
}
const root = "examples/claims";
for (const name of readdirSync(root).sort()) {
  const dir = `${root}/${name}`;
  if (!existsSync(`${dir}/claim.json`)) continue;
  const out = pack.ruleset.adjudicate(JSON.parse(readFileSync(`${dir}/claim.json`, "utf8")), JSON.parse(readFileSync(`${dir}/context.json`, "utf8")));
  if (!out.ok) {
    console.error(`${dir}: ${JSON.stringify(out.issues)}`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(`${dir}/expected.json`, JSON.stringify(out.result, null, 2) + "\n");
  console.log(`${name}: ${out.result.status} paid ${out.result.totals.paid}`);
}
