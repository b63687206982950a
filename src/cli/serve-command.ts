// `edict serve`: the HTTP service (src/service) over the ledger (src/ledger). Logs (JSON, one a
// line, never PHI) go to stdout; one line saying where it listens goes to stderr. SIGINT or
// SIGTERM: refuse new requests, finish those in flight, close the ledger, exit 0.
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { Ruleset } from "../index.js";
// the service (fastify, the ledger) loads only when serve runs, so other commands start without it
import type { TokenEntry } from "../service/auth.js";
import { defineCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { DATABASE_OPTION, RULES_OPTION, activeRules, openLedger } from "./ledger-support.js";
import { NO_CACHE_OPTION } from "./support.js";
import { readProviders } from "./x12-command.js";

const isLoopback = (host: string): boolean => host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));

async function readTokens(path: string): Promise<TokenEntry[]> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new CliError(`cannot read ${path}`, EXIT.io);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path} is not valid JSON: ${(e as Error).message}`, EXIT.badInput);
  }
  const { parseTokenFile } = await import("../service/auth.js");
  const parsed = parseTokenFile(json);
  if (!parsed.ok) throw new CliError(`${path} is not a token file:\n${parsed.issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`, EXIT.badInput);
  return parsed.tokens;
}

export const serveCommand = defineCommand({
  name: "serve",
  summary: "the HTTP service over the member ledger",
  usage: ["[--rules <pack>] [--database <url | folder | memory>] [--host <address>] [--port <n>] [--tokens <file>] [--providers <csv>]"],
  options: {
    rules: RULES_OPTION,
    "no-cache": NO_CACHE_OPTION,
    database: DATABASE_OPTION,
    host: { type: "string", value: "<address>", default: "127.0.0.1", help: "the address to listen on" },
    port: { type: "string", value: "<n>", default: "8080", help: "the port to listen on (0: any free port)" },
    tokens: { type: "string", value: "<file>", help: 'API tokens: {"tokens": [{"name", "role", "sha256"}]} (edict token hash <token>)' },
    providers: { type: "string", value: "<csv>", help: "X12 837 bodies: the provider directory, a CSV npi,network (an NPI not listed is out of network)" },
  },
  notes: `Endpoints: POST /v1/adjudicate, POST /v1/claims, GET /v1/claims/{id}, PUT /v1/members/{id},
GET /v1/members/{id}/accumulators, POST /v1/estimate, POST /v1/packs, GET /v1/packs, GET /v1/audit,
GET /healthz, /readyz, /metrics, /openapi.json. Requests carry Authorization: Bearer <token>;
tokens come from --tokens and from the ledger (edict token add). With no token anywhere the
service is open to local requests and listens on loopback only.`,
  async run({ values, operands }, { err }) {
    if (operands.length) throw usageError(`edict serve takes no file arguments (got ${operands[0]})`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port is a whole number from 0 to 65535, not ${values.port}`);
    const fileTokens = values.tokens === undefined ? [] : await readTokens(values.tokens);
    const network = values.providers === undefined ? undefined : readProviders(values.providers);
    const ledger = await openLedger(values.database);
    let ruleset: Ruleset;
    let stored: number;
    try {
      ruleset = await activeRules(ledger, values.rules, err, "edict serve", values["no-cache"] === true);
      stored = await ledger.tokenCount();
    } catch (e) {
      await ledger.close();
      throw e;
    }
    const open = fileTokens.length === 0 && stored === 0;
    if (open && !isLoopback(values.host)) {
      await ledger.close();
      throw usageError(
        `no API tokens: give --tokens <file> or add one (edict token add) before listening on ${values.host}; without tokens the service listens on loopback only`,
      );
    }
    const { buildService } = await import("../service/server.js");
    const service = await buildService({ ledger, tokens: fileTokens, open, ...(network ? { network } : {}) });
    let address: string;
    try {
      address = await service.app.listen({ host: values.host, port });
    } catch (e) {
      await service.close();
      throw new CliError(`cannot listen on ${values.host}:${port}: ${(e as Error).message}`, EXIT.io);
    }
    err(
      `edict serve: listening on ${address} (ledger: ${ledger.db.kind} ${ledger.db.where}; rules: ${ruleset.name} ${ruleset.version} ${ruleset.hash.slice(0, 12)}${open ? "; no API tokens: open to local requests only" : ""})`,
    );

    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          err(`edict serve: ${signal} again: stopping now`);
          process.exit(130);
        }
        stopping = true;
        err(`edict serve: ${signal}: finishing the requests in flight, then stopping`);
        // a request that does not finish in time is cut; its transaction rolls back, so nothing is half-posted
        setTimeout(() => {
          err("edict serve: requests still in flight after 15 s; stopping anyway");
          process.exit(1);
        }, 15_000).unref();
        service.close().then(
          () => resolve(EXIT.ok),
          (e: Error) => {
            err(`edict serve: error while stopping: ${e.message}`);
            resolve(EXIT.internal);
          },
        );
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
    });
  },
});
