// Worker threads do not inherit the main thread's `--import tsx`: register it here, then run
// the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./bench-worker.ts");
