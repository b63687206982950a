// Runs once around the whole test run. The CLI tests run the built `edict` as a user would, so
// dist/ must match the sources: `npm install` builds it; this rebuilds only when the sources
// moved on since (in one place, so parallel test files never race a rebuild). Every temporary
// folder of the run (the tests' own and those of the processes they start) goes into one
// folder of the system's temp folder, removed at the end.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function newestSource(dir = "src"): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

export default function setup(): () => void {
  if (!existsSync("dist/cli.js") || statSync("dist/cli.js").mtimeMs < newestSource()) {
    const build = spawnSync("npx", ["tsup"], { encoding: "utf8" });
    if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}\n${build.stderr}`);
  }
  const runTemp = mkdtempSync(join(tmpdir(), "edict-test-run-"));
  process.env.TMPDIR = runTemp; // test workers and the processes they start inherit it
  return () => rmSync(runTemp, { recursive: true, force: true });
}
