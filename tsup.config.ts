import { createRequire } from "node:module";
import { defineConfig } from "tsup";

// chevrotain's single-file build: one module instead of ~40 files and ~640 lodash-es modules
const chevrotainBundle = createRequire(import.meta.url)
  .resolve("chevrotain")
  .replace(/lib[\\/]src[\\/]api\.js$/, "lib/chevrotain.mjs");

export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node/index.ts", cli: "src/cli/main.ts", "batch-worker": "src/cli/batch-worker.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", node: "src/node/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: false,
  // import.meta.url (the batch worker file sits beside the CLI) in the CommonJS build too
  shims: true,
  noExternal: ["chevrotain"],
  define: { __EDICT_RELEASE__: "true" },
  esbuildOptions(options) {
    options.alias = { chevrotain: chevrotainBundle };
  },
});
