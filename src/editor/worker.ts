// The checker worker: runs the real Edict checker (compilePack) on the in-memory pack, formats
// files and adjudicates claims (with the fix hints of denied lines), off the page's main thread.
// One request at a time, in order.
import { compilePack, suggestFixes, type CompileOutput } from "../index.js";
import { format } from "../syntax/printer.js";
import { buildSymbolIndex } from "./symbols.js";
import { WARMUP_CLAIM, WARMUP_CONTEXT, WARMUP_ENTRY, WARMUP_FILES } from "./warmup.js";
import { handleWorkbench, isWorkbenchRequest } from "./workbench/worker-tasks.js";
import type { AdjudicateReply, CheckReply, FormatReply, PackFiles, ProgramSpan, WorkerReply, WorkerRequest } from "./protocol.js";

interface WorkerScope {
  onmessage: ((event: { data: WorkerRequest }) => void) | null;
  postMessage(message: WorkerReply): void;
}
const scope = self as unknown as WorkerScope;

/** the last compilation, reused by adjudicate when nothing changed since the check */
let cached: { version: number; entry: string; output: CompileOutput } | null = null;

function compile(version: number, entry: string, files: PackFiles): CompileOutput {
  if (cached && cached.version === version && cached.entry === entry) return cached.output;
  const output = compilePack(entry, files);
  cached = { version, entry, output };
  return output;
}

function check(version: number, entry: string, files: PackFiles): CheckReply {
  const started = performance.now();
  const output = compile(version, entry, files);
  return { version, ok: output.ok, diagnostics: output.diagnostics, symbols: buildSymbolIndex(files), millis: performance.now() - started };
}

function adjudicate(version: number, entry: string, files: PackFiles, claim: unknown, context: unknown): AdjudicateReply {
  const output = compile(version, entry, files);
  if (!output.ok) return { kind: "rule-errors", diagnostics: output.diagnostics };
  const started = performance.now();
  const outcome = output.ruleset.adjudicate(claim, context, { trace: true });
  if (!outcome.ok) return { kind: "bad-input", issues: outcome.issues };
  const p = output.ruleset.program;
  const spans: ProgramSpan[] = [
    ...p.rules.map((r) => ({ kind: "rule" as const, id: `${r.pack}/${r.id}`, span: r.span })),
    ...p.benefits.map((b) => ({ kind: "benefit" as const, id: `${b.pack}/${b.id}`, span: b.span })),
    ...(p.plan ? [{ kind: "plan" as const, id: `${p.plan.pack}/plan`, span: p.plan.span }] : []),
    ...p.tables.map((t) => ({ kind: "table" as const, id: `${t.pack}/${t.name}`, span: t.span })),
  ];
  const millis = performance.now() - started;
  // fix hints only for a claim with a line to fix: each costs a few adjudications more
  const hinted = outcome.result.lines.some((l) => l.status !== "paid") ? suggestFixes(output.ruleset, claim, context) : null;
  if (hinted?.ok) return { kind: "result", result: outcome.result, spans, millis, fixes: hinted.fixes };
  return { kind: "result", result: outcome.result, spans, millis };
}

function handle(request: WorkerRequest): unknown {
  switch (request.kind) {
    case "check":
      return check(request.version, request.entry, request.files);
    case "format":
      return format(request.text, request.path) satisfies FormatReply;
    case "adjudicate":
      return adjudicate(request.version, request.entry, request.files, request.claim, request.context);
  }
  // the workbench's tests and impact (src/editor/workbench/worker-tasks.ts)
  if (isWorkbenchRequest(request)) return handleWorkbench(request, compile, (progress) => scope.postMessage({ id: request.id, progress }));
  return undefined;
}

const failure = (e: unknown) => (e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e));
scope.onmessage = ({ data }) => {
  try {
    const value = handle(data);
    // a long request (impact, reading a file) answers later; checks go on meanwhile
    if (value instanceof Promise)
      value.then(
        (v) => scope.postMessage({ id: data.id, ok: true, value: v }),
        (e) => scope.postMessage({ id: data.id, ok: false, error: failure(e) }),
      );
    else scope.postMessage({ id: data.id, ok: true, value });
  } catch (e) {
    scope.postMessage({ id: data.id, ok: false, error: failure(e) });
  }
};

/**
 * Compiles a tiny pack and adjudicates a claim with it once, right after loading, while the page is
 * still busy starting monaco: the first real check then runs on warm code. A request that arrives
 * meanwhile waits in the queue. Nothing of the warm-up is kept (it bypasses `cached`).
 */
function warmUp(): void {
  try {
    const output = compilePack(WARMUP_ENTRY, WARMUP_FILES);
    if (output.ok) output.ruleset.adjudicate(WARMUP_CLAIM, WARMUP_CONTEXT, { trace: true });
    format(WARMUP_FILES[`${WARMUP_ENTRY}/plan.edict`], `${WARMUP_ENTRY}/plan.edict`);
    buildSymbolIndex(WARMUP_FILES);
  } catch {
    // a warm-up that fails costs nothing but the time: the real requests report their own errors
  }
}
warmUp();
