// A worker thread of a batch run (./batch-command.ts): loads the rules, then adjudicates the
// chunks of whole members the main thread sends, replying with their output lines and summary
// facts on its own port and waking the main thread through the shared signal.
import { parentPort, workerData } from "node:worker_threads";
import { loadPack } from "../node/index.js";
import { loadOptions } from "./support.js";
import { BatchRunner, parseDefaultContext } from "../batch/runner.js";
import { factsOf, type RecordFacts } from "../batch/summary.js";
import { sameGroup, sortKeyOf } from "../batch/order.js";
import type { KeyJob, WorkerJob, WorkerReply, WorkerSetup } from "./batch-command.js";

const setup = workerData as WorkerSetup;

function reply(message: WorkerReply): void {
  setup.port.postMessage(message);
  Atomics.add(setup.signal, 0, 1);
  Atomics.notify(setup.signal, 0);
}

try {
  const loaded = loadPack(setup.rules, loadOptions(setup.loading));
  if (!loaded.ok) throw new Error(`${setup.rules} does not load`);
  const ruleset = loaded.ruleset;
  const defaultContext = parseDefaultContext(ruleset, setup.context, setup.loading.limits);
  const runner = new BatchRunner(ruleset, defaultContext, { trace: setup.trace, evaluator: setup.evaluator, limits: setup.loading.limits });
  parentPort!.on("message", (job: WorkerJob | KeyJob) => {
    try {
      if ("keys" in job) {
        reply({ keyed: job.keys, sortKeys: job.records.map((r) => sortKeyOf(r.text, r.line)) });
        return;
      }
      const lines: string[] = [];
      const facts: RecordFacts[] = [];
      let previous: WorkerJob["records"][number] | null = null;
      for (const r of job.records) {
        if (previous === null || !sameGroup(previous, r)) runner.startGroup();
        previous = r;
        const p = runner.process(r.text, r.line);
        if (r.replay) continue;
        lines.push(p.json + "\n");
        facts.push(factsOf(p.record));
      }
      reply({ seq: job.seq, json: lines.join(""), facts });
    } catch (e) {
      reply({ fatal: (e as Error)?.stack ?? String(e) });
    }
  });
  reply({ ready: true });
} catch (e) {
  reply({ fatal: (e as Error)?.message ?? String(e) });
}
