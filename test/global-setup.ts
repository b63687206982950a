// Runs once before every test file: the CLI tests run the built `edict` as a user would, so
// dist/ must match the sources. `npm install` builds it; this rebuilds only when the sources
// moved on since (in one place, so parallel test files never race a rebuild).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newestSource(dir = "src"): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

export default function setup(): void {
  if (existsSync("dist/cli.js") && statSync("dist/cli.js").mtimeMs >= newestSource()) return;
  const build = spawnSync("npx", ["tsup"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}\n${build.stderr}`);
}
