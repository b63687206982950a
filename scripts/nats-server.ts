// A throwaway NATS server with JetStream for the distributed-batch tests (test/global-setup.ts)
// and benchmark (bench/distributed.ts): Debian's `nats-server` on a free loopback port, its
// JetStream store in a temporary folder; stop() ends it and removes the folder. `.ci/run`
// installs the package when it is missing.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { freePort } from "./free-port.js";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** the nats-server program, or null when it is not installed (Debian puts it in /usr/sbin) */
export function natsServerBin(): string | null {
  for (const candidate of ["nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"]) {
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  return null;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface NatsServer {
  /** nats://127.0.0.1:<port> (no authentication, loopback only) */
  url: string;
  /** the server process (a test may stop and restart nothing else) */
  process: ChildProcess;
  stop(): void;
}

/** starts nats-server with JetStream (store in a temporary folder) and waits until it accepts connections */
export async function startNats(): Promise<NatsServer> {
  const bin = natsServerBin();
  if (!bin) throw new Error("nats-server is not installed: install Debian's nats-server (apt-get install nats-server; .ci/run does)");
  const dir = mkdtempSync(join(tmpdir(), "edict-nats-"));
  const port = await freePort();
  let log = "";
  const child = spawn(bin, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr!.on("data", (chunk) => {
    if (log.length < 20000) log += String(chunk);
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  const stop = () => {
    if (!exited) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      stop();
      throw new Error(`nats-server exited at start:\n${log}`);
    }
    // JetStream is ready once the server says so; the port alone opens a little earlier
    if (/Server is ready/.test(log) && (await accepts(port))) break;
    if (Date.now() > deadline) {
      stop();
      throw new Error(`nats-server did not start within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  return { url: `nats://127.0.0.1:${port}`, process: child, stop };
}
