// The `edict` binary as a user runs it (bin/edict.js over dist/, built by test/global-setup.ts).
import { spawnSync } from "node:child_process";

export function edict(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync("node", ["bin/edict.js", ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
