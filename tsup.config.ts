import { createRequire } from "node:module";
import { defineConfig, type Options } from "tsup";
import { eagerCompilePlugin } from "./scripts/eager-compile-plugin.js";
import { jsonParsePlugin } from "./scripts/json-parse-plugin.js";

// chevrotain's single-file build: one module instead of ~40 files and ~640 lodash-es modules
const chevrotainBundle = createRequire(import.meta.url)
  .resolve("chevrotain")
  .replace(/lib[\\/]src[\\/]api\.js$/, "lib/chevrotain.mjs");

const shared: Options = {
  entry: { index: "src/index.ts", node: "src/node/index.ts", cli: "src/cli/main.ts", "batch-worker": "src/cli/batch-worker.ts" },
  sourcemap: true,
  target: "node20",
  // import.meta.url (the batch worker file sits beside the CLI) in the CommonJS build too
  shims: true,
  // zod too, imported as a namespace so esbuild keeps only what the schemas use (not its ~50 locales:
  // ~65 ms of start-up). The service's fastify-type-provider-zod loads the package's own copy; zod 4
  // keeps its registry on globalThis and checks schemas by trait, so the two copies agree.
  noExternal: ["chevrotain", "zod"],
  define: { __EDICT_RELEASE__: "true" },
  esbuildPlugins: [jsonParsePlugin, eagerCompilePlugin],
  esbuildOptions(options) {
    options.alias = { chevrotain: chevrotainBundle };
  },
};

export default defineConfig([
  // ES modules split into chunks, so what a command loads with import() (the service, the ledger:
  // fastify, pg, PGlite) stays out of every other command's start-up
  { ...shared, format: ["esm"], splitting: true, clean: true, dts: { entry: { index: "src/index.ts", node: "src/node/index.ts" } } },
  { ...shared, format: ["cjs"], splitting: false },
]);
