// `npm run editor`: builds the rule editor's demo page (unless dist/editor is up to date) and
// serves it on 127.0.0.1. Also exports the small static server the browser tests use.
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildEditor, formatSizes, isBuildFresh, OUTDIR } from "./editor-build.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** serves the files of `dir` on 127.0.0.1 (port 0: any free port) */
export function serveDir(dir: string, port = 0): Promise<StaticServer> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    res.end(readFileSync(file));
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolvePromise({
        url: `http://127.0.0.1:${actual}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!isBuildFresh()) {
    const report = await buildEditor({ types: true });
    console.log(`built dist/editor/ in ${report.millis} ms\n${formatSizes(report)}`);
  }
  const port = Number(process.env.PORT ?? 5180);
  // the usual port, or any free one when something else holds it
  const server = await serveDir(OUTDIR, port).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "EADDRINUSE" || process.env.PORT) throw e;
    return serveDir(OUTDIR, 0);
  });
  console.log(`Edict rule editor: ${server.url}  (Ctrl+C to stop)`);
}
