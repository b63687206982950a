// Starts the fuzz worker thread of ./run.ts from TypeScript: worker threads do not inherit the
// tsx loader, so it is registered here first.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
