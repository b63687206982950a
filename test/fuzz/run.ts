// `npm run fuzz [-- --seconds N] [--seed S] [--targets a,b]`: runs every target of ./targets.ts
// in turn, for a set time, in a worker thread watched by this one: an input that throws or breaks
// the invariant, or runs past the hang limit (the worker is then stopped and started again), is
// saved under test/fuzz/regressions/ and replayed by every later test run. Prints, per target,
// the inputs tried, how many gave a result and how many a positioned refusal, and the failures.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { mkdirSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { FuzzFailure, TARGETS, targetNamed } from "./targets.js";

const HANG_MS = 20_000;
const REGRESSIONS = "test/fuzz/regressions";

type FromWorker = { start: number } | { done: number; outcome: "result" | "refused" } | { failed: number; message: string };

interface Tally {
  tried: number;
  results: number;
  refused: number;
  failures: number;
}

/** saves a failing input as a regression case (its name is its content's hash, so saving twice keeps one) */
export function saveRegression(target: string, input: unknown, message: string): string {
  mkdirSync(REGRESSIONS, { recursive: true });
  const body = JSON.stringify({ target, message, input }, null, 1);
  const name = `${target}-${createHash("sha256").update(JSON.stringify(input)).digest("hex").slice(0, 12)}.json`;
  writeFileSync(join(REGRESSIONS, name), body + "\n");
  return name;
}

if (!isMainThread) {
  // the worker: seeds from `first` on, one target, reporting before and after each input
  const { target, first } = workerData as { target: string; first: number };
  const t = targetNamed(target)!;
  for (let seed = first; ; seed++) {
    parentPort!.postMessage({ start: seed } satisfies FromWorker);
    try {
      const outcome = t.check(t.make(seed));
      parentPort!.postMessage({ done: seed, outcome } satisfies FromWorker);
    } catch (e) {
      const message = e instanceof FuzzFailure ? e.message : `an exception: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
      parentPort!.postMessage({ failed: seed, message } satisfies FromWorker);
    }
  }
} else {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const seconds = Number(arg("seconds", "300"));
  const baseSeed = Number(arg("seed", String(Date.now() % 1_000_000)));
  const names = arg("targets", TARGETS.map((t) => t.name).join(",")).split(",");
  const perTarget = (seconds * 1000) / names.length;
  const tallies = new Map<string, Tally>();
  const saved: string[] = [];

  const runTarget = (name: string): Promise<void> =>
    new Promise((resolve) => {
      const tally: Tally = { tried: 0, results: 0, refused: 0, failures: 0 };
      tallies.set(name, tally);
      const until = Date.now() + perTarget;
      let next = baseSeed;
      let worker: Worker;
      let current = -1;
      let watchdog: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          // a hang: save the input, stop the worker, go on from the next seed
          if (stopped) return;
          tally.failures++;
          tally.tried++;
          const t = targetNamed(name)!;
          saved.push(saveRegression(name, t.make(current), `no answer within ${HANG_MS / 1000} s`));
          void worker.terminate();
          next = current + 1;
          start();
        }, HANG_MS);
      };
      let stopped = false;
      const stop = () => {
        stopped = true;
        clearTimeout(watchdog);
        void worker.terminate().then(() => resolve());
      };
      const start = () => {
        if (Date.now() >= until) return resolve();
        worker = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { target: name, first: next, entry: import.meta.url } });
        worker.on("message", (m: FromWorker) => {
          if (stopped) return;
          if ("start" in m) {
            current = m.start;
            arm();
            return;
          }
          tally.tried++;
          if ("done" in m) tally[m.outcome === "result" ? "results" : "refused"]++;
          else {
            tally.failures++;
            const t = targetNamed(name)!;
            saved.push(saveRegression(name, t.make(m.failed), m.message));
          }
          if (Date.now() >= until) stop();
        });
        worker.on("error", (e) => {
          // the worker itself died (out of memory, a stack overflow outside any check)
          if (stopped) return;
          clearTimeout(watchdog);
          tally.failures++;
          const t = targetNamed(name)!;
          saved.push(saveRegression(name, t.make(current), `the worker died: ${e.message}`));
          next = current + 1;
          start();
        });
      };
      start();
    });

  const began = Date.now();
  for (const name of names) {
    process.stderr.write(`fuzzing ${name} for ${Math.round(perTarget / 1000)} s (seeds from ${baseSeed})…\n`);
    await runTarget(name);
  }
  const total = { tried: 0, results: 0, refused: 0, failures: 0 };
  const rows = names.map((name) => {
    const t = tallies.get(name)!;
    for (const k of Object.keys(total) as Array<keyof Tally>) total[k] += t[k];
    return `| ${name} | ${t.tried.toLocaleString("en-US")} | ${t.results.toLocaleString("en-US")} | ${t.refused.toLocaleString("en-US")} | ${t.failures} |`;
  });
  process.stdout.write(
    [
      `fuzz run: ${Math.round((Date.now() - began) / 1000)} s, seeds from ${baseSeed}, hang limit ${HANG_MS / 1000} s`,
      "",
      "| target | inputs | results | positioned refusals | failures |",
      "|---|---|---|---|---|",
      ...rows,
      `| all | ${total.tried.toLocaleString("en-US")} | ${total.results.toLocaleString("en-US")} | ${total.refused.toLocaleString("en-US")} | ${total.failures} |`,
      "",
      saved.length ? `saved as regressions: ${[...new Set(saved)].join(", ")}` : "no failures",
      "",
    ].join("\n"),
  );
  process.exitCode = total.failures ? 1 : 0;
}
