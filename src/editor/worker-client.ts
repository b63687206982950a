// The main thread's side of the checker worker: numbered requests answered by promises.
import type { AdjudicateReply, CheckReply, FormatReply, PackFiles, WorkerReply, WorkerRequest } from "./protocol.js";
import type { ImpactProgress, ImpactReply, TestsReply } from "./workbench/protocol.js";

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; onProgress?: (progress: ImpactProgress) => void };
type Body<K extends WorkerRequest["kind"]> = Omit<Extract<WorkerRequest, { kind: K }>, "id" | "kind">;

export class CheckerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  /** starts the worker from its URL, or takes one the page already started */
  constructor(worker: string | URL | Worker) {
    this.worker = worker instanceof Worker ? worker : new Worker(worker, { type: "module", name: "edict-checker" });
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      if ("progress" in reply) return waiting.onProgress?.(reply.progress);
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.error));
    };
    this.worker.onerror = (event) => {
      const error = new Error(`the Edict checker worker failed: ${event.message || "it could not be loaded"}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  private request<K extends WorkerRequest["kind"], R>(kind: K, body: Body<K>, onProgress?: (progress: ImpactProgress) => void): Promise<R> {
    if (this.disposed) return Promise.reject(new Error("the rule editor was disposed"));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
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
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error("the rule editor was disposed"));
    this.pending.clear();
  }
}
