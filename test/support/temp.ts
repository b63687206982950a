// Temporary folders for a test file, removed when the file's tests end. Every test that writes
// files takes its folder from here, so a run leaves nothing behind in the system's temp folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** a new empty folder named `<prefix>XXXXXX` */
export function tempDir(prefix = "edict-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
