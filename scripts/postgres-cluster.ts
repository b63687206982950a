// A throwaway PostgreSQL cluster for the ledger tests (test/global-setup.ts) and the service
// benchmark (bench/service.ts): initdb into a temporary folder, pg_ctl on a free loopback port,
// as the `postgres` user (or `nobody`) when running as root, since PostgreSQL refuses to run as
// root; stop() stops it and removes the folder. Debian's postgresql puts its programs in
// /usr/lib/postgresql/<version>/bin, off the PATH; both places are looked in.
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { freePort } from "./free-port.js";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** the folder holding initdb and pg_ctl, or null when PostgreSQL is not installed */
export function postgresBin(): string | null {
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) return join(which.stdout.trim(), "..");
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, "bin") : null;
}

export interface Cluster {
  /** postgres://edict@127.0.0.1:<port>/postgres (trust authentication, loopback only) */
  url: string;
  stop(): void;
}

export interface ClusterOptions {
  /** fsync off (default): for tests that kill Edict, never the cluster or the machine */
  fsync?: boolean;
}

export async function startPostgres(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (no initdb on the PATH or in /usr/lib/postgresql/*/bin): install Debian's postgresql (.ci/run does)");
  const asRoot = userInfo().uid === 0;
  const user = asRoot ? (spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : "nobody") : null;
  const dir = mkdtempSync(join(tmpdir(), "edict-pg-"));
  const data = join(dir, "data");
  if (user) {
    const id = (flag: string) => Number(spawnSync("id", [flag, user], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const as = (command: string, args: string[]) => {
    const full = join(bin, command);
    const out = user ? spawnSync("runuser", ["-u", user, "--", full, ...args], { encoding: "utf8" }) : spawnSync(full, args, { encoding: "utf8" });
    if (out.status !== 0) throw new Error(`${command} failed (${out.status}): ${out.stderr || out.stdout}`);
  };
  const port = await freePort();
  try {
    as("initdb", ["-D", data, "-U", "edict", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${options.fsync === true ? "" : " -c fsync=off"}`;
    as("pg_ctl", ["start", "-w", "-t", "60", "-D", data, "-l", join(dir, "server.log"), "-o", settings]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `postgres://edict@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        as("pg_ctl", ["stop", "-w", "-m", "fast", "-D", data]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
