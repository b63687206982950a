// The main thread's side of the checker worker: numbered requests answered by promises. A worker
// that fails to load, throws while loading or stops answering rejects what waits on it (and,
// once it is known dead, every later request at once) and tells the editor, which shows it.
import type { AdjudicateReply, CheckReply, FormatReply, PackFiles, WorkerReply, WorkerRequest } from "./protocol.js";
import type { ImpactProgress, ImpactReply, TestsReply } from "./workbench/protocol.js";

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; onProgress?: (progress: ImpactProgress) => void };
type Body<K extends WorkerRequest["kind"]> = Omit<Extract<WorkerRequest, { kind: K }>, "id" | "kind">;

/** why the checker worker cannot answer */
export class WorkerFailure extends Error {
  constructor(
    message: string,
    /** true when the worker is gone for good (it did not load, or threw while loading) */
    readonly fatal: boolean,
  ) {
    super(message);
    this.name = "WorkerFailure";
  }
}

export interface CheckerClientOptions {
  /**
   * how long a request may wait without any reply from the worker before it is given up
   * (a worker killed by the browser, or started by the page and failed before the editor listened)
   */
  timeoutMs?: number;
  /** told once for each failure (a load error, an error thrown in the worker, a timeout) */
  onFailure?: (failure: WorkerFailure) => void;
}

/**
 * the folder the worker bundles are in, as a URL ending with "/": a relative assetsUrl resolves
 * against the page, and a folder given without its trailing slash ("/static/edict") gets one, so
 * "edict.worker.js" lands inside it rather than beside it
 */
export function assetsFolder(assetsUrl: string | URL | undefined, moduleUrl: string, pageUrl: string): URL {
  if (assetsUrl === undefined) return new URL(".", moduleUrl);
  const url = new URL(String(assetsUrl), pageUrl);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

export class CheckerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  /** set once the worker is known dead: later requests fail at once */
  private dead: WorkerFailure | null = null;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private readonly timeoutMs: number;
  private readonly onFailure: (failure: WorkerFailure) => void;

  /** starts the worker from its URL, or takes one the page already started */
  constructor(worker: string | URL | Worker, options: CheckerClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.onFailure = options.onFailure ?? (() => undefined);
    this.worker = worker instanceof Worker ? worker : new Worker(worker, { type: "module", name: "edict-checker" });
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      if ("progress" in reply) {
        this.armWatchdog();
        return waiting?.onProgress?.(reply.progress);
      }
      this.pending.delete(reply.id);
      this.armWatchdog(); // it answered: the next request gets the full time again
      if (!waiting) return;
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.error));
    };
    // the checker catches what a request throws and answers with it: an error event is the worker's
    // script failing to load (a plain Event, no message) or throwing while it loads, so it is dead
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      const detail = event instanceof ErrorEvent && event.message ? event.message : "its script could not be loaded";
      this.fail(new WorkerFailure(`The Edict checker worker failed: ${detail}.`, true));
    };
    this.worker.onmessageerror = () => this.fail(new WorkerFailure("The Edict checker worker sent a reply that could not be read.", false));
  }

  /** rejects every waiting request; a fatal failure also ends the worker and every later request */
  private fail(failure: WorkerFailure): void {
    if (this.disposed || this.dead) return;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    if (failure.fatal) {
      this.dead = failure;
      this.worker.terminate();
    }
    for (const p of this.pending.values()) p.reject(failure);
    this.pending.clear();
    this.onFailure(failure);
  }

  /** (re)starts the timer that gives up on a worker that answers nothing while requests wait */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    if (this.pending.size === 0) return;
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      this.fail(new WorkerFailure(`The Edict checker worker has not answered for ${Math.round(this.timeoutMs / 1000)} s.`, false));
    }, this.timeoutMs);
  }

  /** the failure that ended the worker, if it is dead */
  get failure(): WorkerFailure | null {
    return this.dead;
  }

  private request<K extends WorkerRequest["kind"], R>(kind: K, body: Body<K>, onProgress?: (progress: ImpactProgress) => void): Promise<R> {
    if (this.disposed) return Promise.reject(new Error("the rule editor was disposed"));
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      if (this.watchdog === undefined) this.armWatchdog();
      this.worker.postMessage({ id, kind, ...body } as unknown as WorkerRequest);
    });
  }

  check(version: number, entry: string, files: PackFiles): Promise<CheckReply> {
    return this.request("check", { version, entry, files });
  }

  format(path: string, text: string): Promise<FormatReply> {
    return this.request("format", { path, text });
  }

  adjudicate(version: number, entry: string, files: PackFiles, claim: unknown, context: unknown): Promise<AdjudicateReply> {
    return this.request("adjudicate", { version, entry, files, claim, context });
  }

  /** runs the entry pack's tests/*.json with coverage (the workbench) */
  tests(version: number, entry: string, files: PackFiles): Promise<TestsReply> {
    return this.request("tests", { version, entry, files });
  }

  /** compares two versions of the rules on claims (the workbench), reporting progress */
  impact(body: Body<"impact">, onProgress?: (progress: ImpactProgress) => void): Promise<ImpactReply> {
    return this.request("impact", body, onProgress);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.watchdog);
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error("the rule editor was disposed"));
    this.pending.clear();
  }
}
