// Loads the shipped packs once per test file.
import { loadPack } from "../../src/node/index.js";
import type { Ruleset } from "../../src/index.js";
import { formatDiagnostic } from "../../src/common/diagnostic.js";

const cache = new Map<string, Ruleset>();

export function shippedPack(name: "demo-ppo" | "cms-edits" | "demo-ppo-nondup" | "medicare-demo" | "order-of-benefits"): Ruleset {
  let ruleset = cache.get(name);
  if (!ruleset) {
    const out = loadPack(`rules/${name}`);
    if (!out.ok) throw new Error(`rules/${name} does not compile:\n${out.diagnostics.map(formatDiagnostic).join("\n")}`);
    ruleset = out.ruleset;
    cache.set(name, ruleset);
  }
  return ruleset;
}
