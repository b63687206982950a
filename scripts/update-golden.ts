// Rewrites examples/claims/*/expected.json and examples/coordination/*/{expected.json,
// explain.txt} from the current engine. Run it only after checking that the change in results
// is intended; `git diff examples/` shows what moved.
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { loadPack } from "../src/node/index.js";
import { formatDiagnostic } from "../src/common/diagnostic.js";
import { explain } from "../src/trace/explain.js";

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

// examples/coordination: each folder names its pack in example.json; the golden result is
// expected.json, and explain.txt is `edict explain` of the traced result
const coordination = "examples/coordination";
for (const name of readdirSync(coordination).sort()) {
  const dir = `${coordination}/${name}`;
  if (!existsSync(`${dir}/example.json`)) continue;
  const { rules } = JSON.parse(readFileSync(`${dir}/example.json`, "utf8")) as { rules: string };
  const ruleset = loadPack(rules);
  if (!ruleset.ok) {
    console.error(ruleset.diagnostics.map(formatDiagnostic).join("\n"));
    process.exitCode = 1;
    continue;
  }
  const claim = JSON.parse(readFileSync(`${dir}/claim.json`, "utf8"));
  const context = JSON.parse(readFileSync(`${dir}/context.json`, "utf8"));
  const plain = ruleset.ruleset.adjudicate(claim, context);
  const traced = ruleset.ruleset.adjudicate(claim, context, { trace: true });
  if (!plain.ok || !traced.ok) {
    console.error(`${dir}: ${JSON.stringify(plain.ok ? [] : plain.issues)}`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(`${dir}/expected.json`, JSON.stringify(plain.result, null, 2) + "\n");
  writeFileSync(`${dir}/explain.txt`, explain(traced.result));
  console.log(`${name}: ${plain.result.status} paid ${plain.result.totals.paid}`);
}
