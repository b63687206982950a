// A worker thread of a batch run (./batch-command.ts): loads the rules, indexes the ranges of the
// input it is given while the main thread indexes others (./batch-index.ts), then adjudicates the
// chunks of whole members the main thread sends (reading each record from the input by position,
// or given its text), replying with their output lines encoded as UTF-8 on its own port and
// waking the main thread through the shared signal; it folds the records into its own summary,
// which it sends when asked at the end.
import { parentPort, workerData } from "node:worker_threads";
import { loadPack } from "../node/index.js";
import { loadOptions } from "./support.js";
import { BatchRunner, parseDefaultContext } from "../batch/runner.js";
import { BatchSummary } from "../batch/summary.js";
import { OutputBuffer } from "../batch/write.js";
import { sortKeyOf } from "../batch/order.js";
import type { IndexJob, KeyJob, WorkerFinish, WorkerJob, WorkerReply, WorkerSetup } from "./batch-command.js";
import { indexRange, rangeBuffers, RecordReader } from "./batch-index.js";
import { FLAG_GROUP, FLAG_REPLAY } from "./batch-io.js";

const setup = workerData as WorkerSetup;

function reply(message: WorkerReply): void {
  replyTransfer(message, []);
}

function replyTransfer(message: WorkerReply, transfer: ArrayBuffer[]): void {
  setup.port.postMessage(message, transfer);
  Atomics.add(setup.signal, 0, 1);
  Atomics.notify(setup.signal, 0);
}

try {
  const loaded = loadPack(setup.rules, loadOptions(setup.loading));
  if (!loaded.ok) throw new Error(`${setup.rules} does not load`);
  const ruleset = loaded.ruleset;
  const defaultContext = parseDefaultContext(ruleset, setup.context, setup.loading.limits);
  const runner = new BatchRunner(ruleset, defaultContext, { trace: setup.trace, evaluator: setup.evaluator, limits: setup.loading.limits });
  const summary = new BatchSummary();
  let reader: RecordReader | null = null;
  const out = new OutputBuffer(1 << 20);
  parentPort!.on("message", (job: WorkerJob | KeyJob | IndexJob | WorkerFinish) => {
    try {
      if ("indexing" in job) {
        const index = indexRange(setup.input, job.range);
        replyTransfer({ indexed: job.indexing, index }, rangeBuffers(index));
        return;
      }
      if ("keys" in job) {
        reply({ keyed: job.keys, sortKeys: job.records.map((r) => sortKeyOf(r.text, r.line)) });
        return;
      }
      if ("finish" in job) {
        reader?.close();
        reader = null;
        reply({ summary });
        return;
      }
      let count = 0;
      for (let i = 0; i < job.lines.length; i++) {
        const flags = job.flags[i]!;
        if (flags & FLAG_GROUP) runner.startGroup();
        const text = job.texts ? job.texts[i]! : (reader ??= new RecordReader(setup.input)).read(job.offsets![i]!, job.lengths![i]!);
        const mark = out.length;
        const facts = runner.processInto(text, job.lines[i]!, job.keyCounts ? job.keyCounts[i]! : -1, out);
        if (flags & FLAG_REPLAY) {
          out.length = mark;
          continue;
        }
        summary.add(facts);
        count++;
      }
      // the lines were written as UTF-8 into one reused buffer: a copy of them moves without another
      const output = out.take();
      replyTransfer({ seq: job.seq, output, count }, [output.buffer as ArrayBuffer]);
    } catch (e) {
      reply({ fatal: (e as Error)?.stack ?? String(e) });
    }
  });
  reply({ ready: true });
} catch (e) {
  reply({ fatal: (e as Error)?.message ?? String(e) });
}
