// Runs once around the whole test run. The CLI tests run the built `edict` as a user would, so
// dist/ must match the sources: `npm install` builds it; this rebuilds only when the sources
// moved on since (in one place, so parallel test files never race a rebuild). Every temporary
// folder of the run (the tests' own and those of the processes they start) goes into one
// folder of the system's temp folder, removed at the end; so does the compiled-pack cache
// ($EDICT_CACHE_DIR), which the CLI would otherwise keep in ~/.cache/edict.
//
// It also starts a throwaway PostgreSQL cluster for the ledger tests (scripts/postgres-cluster.ts)
// and gives its URL to them (`inject("postgres")`); the teardown stops it and removes its
// folder. Without PostgreSQL the value is the reason, and every test that needs PostgreSQL
// fails with it (they are never skipped): .ci/run installs Debian's postgresql.
//
// In the same way it starts a throwaway NATS server with JetStream (scripts/nats-server.ts) for
// the distributed-batch tests (`inject("nats")`); .ci/run installs Debian's nats-server.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startPostgres, type Cluster } from "../scripts/postgres-cluster.js";
import { startNats, type NatsServer } from "../scripts/nats-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** the throwaway cluster's URL (postgres://…/postgres), or why there is none */
    postgres: { url: string } | { error: string };
    /** the throwaway NATS server's URL (nats://127.0.0.1:…, JetStream on), or why there is none */
    nats: { url: string } | { error: string };
  }
}

function newestSource(dir = "src"): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)),
  );
}

export default async function setup(project: TestProject): Promise<() => void> {
  // the build's own code (its config and esbuild plugins) shapes dist/ as much as the sources do
  const built = [newestSource(), ...["tsup.config.ts", "scripts/eager-compile-plugin.ts", "scripts/json-parse-plugin.ts"].map((f) => statSync(f).mtimeMs)];
  if (!existsSync("dist/cli.js") || statSync("dist/cli.js").mtimeMs < Math.max(...built)) {
    const build = spawnSync("npx", ["tsup"], { encoding: "utf8" });
    if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}\n${build.stderr}`);
  }
  // the cluster's folder is made before TMPDIR moves: the run's folder is the test user's
  // alone, and the cluster runs as another user when the tests run as root
  let cluster: Cluster | null = null;
  try {
    cluster = await startPostgres();
    project.provide("postgres", { url: cluster.url });
  } catch (e) {
    project.provide("postgres", { error: (e as Error).message });
  }
  let nats: NatsServer | null = null;
  try {
    nats = await startNats();
    project.provide("nats", { url: nats.url });
  } catch (e) {
    project.provide("nats", { error: (e as Error).message });
  }
  const runTemp = mkdtempSync(join(tmpdir(), "edict-test-run-"));
  process.env.TMPDIR = runTemp; // test workers and the processes they start inherit it
  // the compiled-pack cache of every `edict` the tests start goes there too, never into ~/.cache
  process.env.EDICT_CACHE_DIR = join(runTemp, "edict-cache");
  return () => {
    try {
      nats?.stop();
      cluster?.stop();
    } finally {
      rmSync(runTemp, { recursive: true, force: true });
    }
  };
}
