#!/usr/bin/env node
// The `edict` binary: runs the built CLI (npm install builds it through the `prepare` script).
let cli;
try {
  cli = await import("../dist/cli.js");
} catch {
  process.stderr.write("edict: the package is not built yet; run `npm install` (or `npm run build`) in its folder\n");
  process.exit(4);
}
process.exitCode = await cli.main(process.argv.slice(2));
