// Starts a batch worker thread when Edict runs from its TypeScript sources (tests, `node
// --import tsx`): worker threads do not inherit the tsx loader, so register it here first.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
