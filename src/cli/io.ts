// The Node process side of `edict`: stdout and stderr written synchronously (so a closed pipe
// is noticed at the write that hits it, not after the command has done all its work), and
// Edict's own version from its package.json.
import { existsSync, readFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "./args.js";
import { CliError, EXIT, OutputClosed } from "./exit.js";

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd`. A descriptor left non-blocking by the parent answers EAGAIN
 * when the pipe is full: wait a millisecond and go on. EPIPE (the reader is gone; Node ignores
 * SIGPIPE, so the write fails instead of killing the process) ends stdout with OutputClosed and
 * is dropped on stderr, where there is no one left to tell.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === "EPIPE") {
        if (fd === 1) throw new OutputClosed();
        return;
      }
      throw e;
    }
  }
}

export const processIo = (): Io => ({ out: (text) => writeAll(1, text), err: (line) => writeAll(2, line + "\n") });

/** the version in Edict's package.json: the nearest one above this module named "edict" */
export function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "edict" && typeof pkg.version === "string") return pkg.version;
    }
    if (dirname(dir) === dir) throw new CliError("cannot find Edict's package.json to read its version", EXIT.io);
  }
}
