// What keeps a batch run from harming other runs or leaving litter: a lock on its --output (a
// second run writing the same file is refused), and the removal of its temporary sort runs —
// at the end, on an error, and when the process is killed (by any signal, even SIGKILL): a small
// watchdog process removes them once the run's process is gone, since a synchronous run never
// returns to the event loop where a signal handler would run. Runs left by a machine that went
// down are removed by the next batch run.
import { spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/** a process is alive when signal 0 reaches it (EPERM: alive, but someone else's) */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type Lock = { ok: true; path: string; release(): void } | { ok: false; message: string };

const lockContent = () => `${process.pid} ${hostname()}\n`;

/**
 * Takes `<output>.lock` (created exclusively). A lock left by a process of this host that is no
 * longer running is stale and taken over.
 */
export function lockOutput(output: string): Lock {
  const path = `${output}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, lockContent());
      closeSync(fd);
      return {
        ok: true,
        path,
        release() {
          // only our own lock: a watchdog or a later run may have replaced it
          if (readLock(path) === lockContent()) rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return { ok: false, message: `cannot create the lock file ${path}` };
      const held = readLock(path);
      const m = held ? /^(\d+) (.*)\n?$/.exec(held) : null;
      if (m && m[2] === hostname() && !isAlive(Number(m[1]))) {
        rmSync(path, { force: true });
        continue;
      }
      const who = m ? `process ${m[1]}${m[2] === hostname() ? "" : ` on ${m[2]}`}` : "another process";
      return { ok: false, message: `${output} is being written by another edict run (${who}); wait for it to finish, or remove ${path} if that run is gone` };
    }
  }
  return { ok: false, message: `cannot take the lock file ${path}` };
}

function readLock(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** the prefix of a run's temporary folder; the pid lets a later run tell whether its owner is gone */
export const runFolderPrefix = () => `edict-batch-${process.pid}-`;

/** removes the temporary folders of batch runs whose process is gone (or, without a pid, older than a day) */
export function cleanStaleRuns(tempDir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(tempDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = /^edict-batch-(?:(\d+)-)?[A-Za-z0-9]{6}$/.exec(name);
    if (!m) continue;
    const path = join(tempDir, name);
    let stale: boolean;
    if (m[1] !== undefined) stale = Number(m[1]) !== process.pid && !isAlive(Number(m[1]));
    else {
      try {
        stale = Date.now() - statSync(path).mtimeMs > 24 * 3600 * 1000;
      } catch {
        stale = false;
      }
    }
    if (!stale) continue;
    try {
      rmSync(path, { recursive: true, force: true });
      removed++;
    } catch {
      // someone else's folder we may not remove: leave it
    }
  }
  return removed;
}

// Runs in the watchdog process (node -e): waits for the run's process to end, then removes its
// temporary folder and its lock, the lock only if it still holds that process's id.
const WATCHDOG = `
const fs = require("fs");
const [pid, folder, lock, content] = process.argv.slice(1);
const alive = () => { try { process.kill(Number(pid), 0); return true; } catch (e) { return e.code === "EPERM"; } };
const tick = () => {
  if (alive()) return void setTimeout(tick, 250);
  try { if (folder) fs.rmSync(folder, { recursive: true, force: true }); } catch {}
  try { if (lock && fs.readFileSync(lock, "utf8") === content) fs.rmSync(lock, { force: true }); } catch {}
};
tick();
`;

/**
 * Starts the watchdog that cleans up after this process however it ends; stop() ends it when
 * the run cleaned up by itself.
 */
export function startWatchdog(folder: string, lock: string | null): { stop(): void } {
  try {
    const child = spawn(process.execPath, ["-e", WATCHDOG, String(process.pid), folder, lock ?? "", lockContent()], { detached: true, stdio: "ignore" });
    child.unref();
    return {
      stop() {
        try {
          if (child.pid !== undefined) process.kill(child.pid);
        } catch {
          // already gone
        }
      },
    };
  } catch {
    return {
      stop() {
        // no guard was started
      },
    };
  }
}
