// The HTTP service (`edict serve`): a thin shell over the library and the ledger, on fastify.
// Stateless adjudication and estimates, posting claims to the ledger, reading claims and
// accumulators, enrolling members, deploying packs, the audit log, health and metrics, and the
// OpenAPI 3.1 document generated from the zod contract. Errors are application/problem+json
// with the contract's paths. Logs never carry member ids, names, birth dates, diagnoses or
// amounts: they hold route patterns, statuses and timings only (see ./log.ts).
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from "fastify";
import fastifySwagger from "@fastify/swagger";
import { createJsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import * as z from "zod";
import { makeRuleset, type Ruleset } from "../index.js";
import { decodeProgram } from "../artifact/artifact.js";
import { estimate } from "../estimate/estimate.js";
import { parsePlannedServices } from "../model/planned.js";
import { parseClaim, parseContext } from "../model/schemas.js";
import { formatDate } from "../model/dates.js";
import type { Context, InputIssue } from "../model/types.js";
import type { Ledger, LedgerProblem, ProblemKind, Role } from "../ledger/index.js";
import { Authenticator, type Actor, type TokenEntry } from "./auth.js";
import { Metrics } from "./metrics.js";
import { loggerOptions, safeError } from "./log.js";
import { READERS, readerFor, type BodyItem } from "./readers.js";
import {
  AccumulatorsSchema,
  AdjudicateRequest,
  AuditEntrySchema,
  AuditQuery,
  ClaimIdParams,
  ClaimPostRequest,
  ClaimRecordSchema,
  DeploymentSchema,
  EnrollmentInput,
  EstimateRequest,
  EstimateSchema,
  MemberIdParams,
  PostResponseSchema,
  ProblemSchema,
  TraceQuery,
} from "./contract.js";
import { contractSchemas } from "../model/schemas.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** who may call the route; absent: anyone (health, metrics, the OpenAPI document) */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    actor?: Actor;
    startedAt?: bigint;
  }
}

export interface ServiceOptions {
  ledger: Ledger;
  /** tokens from a token file; the ledger's api_tokens table is consulted too */
  tokens?: readonly TokenEntry[];
  /** no token anywhere, on a loopback address: every request may do everything (as "local") */
  open?: boolean;
  /** where log lines go (default: stdout); false: no logs */
  log?: NodeJS.WritableStream | false;
  /** largest claim request body in bytes (default 1 MiB) */
  bodyLimit?: number;
  /** largest pack artifact in bytes (default 256 MiB) */
  packLimit?: number;
  /** milliseconds a request may take before it is answered 503 (default 30 s) */
  handlerTimeout?: number;
  /** a provider's network by NPI, for claim formats that do not say it (X12 837); default: out of network */
  network?: (npi: string) => "in" | "out";
}

export interface Service {
  app: FastifyInstance;
  metrics: Metrics;
  /** stops taking requests, lets the ones in flight finish, and closes the ledger */
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

// ------------------------------------------------------------------------------ problems

const PROBLEM_STATUS: Record<ProblemKind, number> = {
  "invalid-input": 400,
  "unknown-member": 422,
  "unknown-claim": 422,
  conflict: 409,
  "no-ruleset": 503,
};

const TITLES: Record<string, string> = {
  "invalid-input": "The input is malformed",
  "unknown-member": "The member is not in the ledger",
  "unknown-claim": "No such posted claim",
  conflict: "Conflict with a posted claim",
  "no-ruleset": "No ruleset is deployed",
  unauthorized: "Not authenticated",
  forbidden: "Not allowed",
  "not-found": "Not found",
  "body-too-large": "The request body is too large",
  "unsupported-media-type": "Unsupported media type",
  "invalid-request": "The request is malformed",
  busy: "Busy; retry",
  "shutting-down": "The service is shutting down",
  "internal-error": "Internal error",
};

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  issues?: InputIssue[];
}

function problemOf(slug: string, status: number, detail?: string, issues?: InputIssue[]): Problem {
  return { type: `urn:edict:problem:${slug}`, title: TITLES[slug] ?? slug, status, ...(detail ? { detail } : {}), ...(issues?.length ? { issues } : {}) };
}

function sendProblem(reply: unknown, p: Problem): FastifyReply {
  return sendText(reply, p.status, JSON.stringify(p), "application/problem+json");
}

/** sends JSON already serialised (stored responses are replayed byte for byte) */
function sendText(reply: unknown, status: number, text: string, type = "application/json"): FastifyReply {
  return (reply as FastifyReply).code(status).type(type).send(text);
}

const fromLedger = (p: LedgerProblem): Problem => problemOf(p.kind, PROBLEM_STATUS[p.kind], p.detail, p.issues);

const prefixed = (root: string, issues: InputIssue[]): InputIssue[] =>
  issues.map((i) => ({
    path: i.path === root || i.path.startsWith(`${root}.`) || i.path.startsWith(`${root}[`) ? i.path : `${root}.${i.path}`,
    message: i.message,
  }));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** the fields of a wrapper body ({ claim, context }, { planned, … }): missing and unknown ones as issues */
function checkFields(body: unknown, required: readonly string[], optional: readonly string[]): InputIssue[] {
  if (!isRecord(body)) return [{ path: "(body)", message: `expected a JSON object with ${required.map((k) => `"${k}"`).join(" and ")}` }];
  const issues: InputIssue[] = required.filter((k) => body[k] === undefined).map((k) => ({ path: k, message: "required" }));
  for (const k of Object.keys(body).sort())
    if (!required.includes(k) && !optional.includes(k)) issues.push({ path: k, message: `unknown field ${JSON.stringify(k)}` });
  return issues;
}

// ------------------------------------------------------------------------------ the service

export async function buildService(options: ServiceOptions): Promise<Service> {
  const { ledger } = options;
  const metrics = new Metrics();
  const auth = new Authenticator(ledger, options.tokens ?? [], options.open ?? false);
  let closing = false;
  let requestCounter = 0;

  const app = Fastify({
    logger: options.log === false ? false : loggerOptions(options.log),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? MiB,
    handlerTimeout: options.handlerTimeout ?? 30_000,
    requestTimeout: 60_000,
    // requests arriving while closing get a problem+json 503 from the onRequest hook below
    return503OnClosing: false,
    forceCloseConnections: "idle",
    requestIdHeader: false,
    genReqId: () => String(++requestCounter),
  }).withTypeProvider<ZodTypeProvider>();

  // bodies are checked by the contract's parsers in the handlers, which name every problem by
  // its path; the zod schemas of bodies are for the OpenAPI document
  app.setValidatorCompiler((route) =>
    route.httpPart === "body" ? (data: unknown) => ({ value: data }) : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]),
  );
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  for (const reader of READERS) {
    const types = reader.mediaTypes.filter((t) => t !== "application/json");
    if (!types.length) continue;
    if (reader.parseAs === "text") app.addContentTypeParser(types, { parseAs: "string" }, (_req, body, done) => done(null, body));
    else app.addContentTypeParser(types, { parseAs: "string" }, app.getDefaultJsonParser("error", "error"));
  }
  app.addContentTypeParser("application/octet-stream", { parseAs: "buffer", bodyLimit: options.packLimit ?? 256 * MiB }, (_req, body, done) =>
    done(null, body),
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Edict",
        version: "1",
        description:
          "Claim adjudication with a member ledger. Requests carry `Authorization: Bearer <token>`; each token has one role: host (adjudicate, post, enroll, estimate), analyst (deploy packs), auditor (read results, traces and the audit log).",
      },
      components: { securitySchemes: { token: { type: "http", scheme: "bearer" } } },
    },
    transform: createJsonSchemaTransform({}),
    transformObject: (doc) => {
      const spec = "openapiObject" in doc ? doc.openapiObject : doc.swaggerObject;
      const packs = (spec as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths?.["/v1/packs"]?.post;
      if (packs)
        packs.requestBody = {
          required: true,
          content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } },
        };
      return spec as never;
    },
  });

  // ---------------------------------------------------------------------------- hooks

  app.addHook("onRequest", async (request, reply) => {
    request.startedAt = process.hrtime.bigint();
    if (closing) {
      reply.header("connection", "close").header("retry-after", "5");
      return sendProblem(reply, problemOf("shutting-down", 503, "the service is shutting down; retry against another instance or after it restarts"));
    }
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const who = await auth.identify(request.headers.authorization, Date.now());
    if (!who.ok) return sendProblem(reply.header("www-authenticate", "Bearer"), problemOf("unauthorized", 401, who.detail));
    if (!roles.some((r) => who.actor.roles.includes(r))) {
      return sendProblem(reply, problemOf("forbidden", 403, `this needs the ${roles.join(" or ")} role; the token has ${who.actor.roles.join(", ")}`));
    }
    request.actor = who.actor;
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "(no route)";
    const seconds = request.startedAt ? Number(process.hrtime.bigint() - request.startedAt) / 1e9 : 0;
    metrics.requests.inc({ route, method: request.method, code: String(reply.statusCode) });
    metrics.latency.observe({ route }, seconds);
    request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(seconds * 1e4) / 10 }, "request");
  });

  app.setNotFoundHandler((request, reply) => sendProblem(reply, problemOf("not-found", 404, `no route ${request.method} for this path`)));

  app.setErrorHandler(
    (
      error: Error & { code?: string; statusCode?: number; validation?: Array<{ instancePath?: string; message?: string }>; validationContext?: string },
      request,
      reply,
    ) => {
      if (error.validation) {
        const where = error.validationContext ?? "request";
        const issues = error.validation.map((v) => ({ path: `${where}${(v.instancePath ?? "").replace(/\//g, ".")}`, message: v.message ?? "invalid" }));
        return sendProblem(reply, problemOf("invalid-request", 400, `the ${where} is malformed`, issues));
      }
      switch (error.code) {
        case "FST_ERR_CTP_BODY_TOO_LARGE":
          return sendProblem(reply, problemOf("body-too-large", 413, "the request body is larger than this service accepts"));
        case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
          return sendProblem(
            reply,
            problemOf("unsupported-media-type", 415, `send ${[...READERS.flatMap((r) => r.mediaTypes), "application/octet-stream (packs)"].join(", ")}`),
          );
        case "FST_ERR_CTP_EMPTY_JSON_BODY":
          return sendProblem(reply, problemOf("invalid-input", 400, "the body is empty", [{ path: "(body)", message: "expected a JSON document" }]));
        case "FST_ERR_CTP_INVALID_JSON_BODY":
          return sendProblem(reply, problemOf("invalid-input", 400, "the body is not valid JSON", [{ path: "(body)", message: error.message }]));
        case "FST_ERR_HANDLER_TIMEOUT":
          return sendProblem(
            reply.header("retry-after", "1"),
            problemOf("busy", 503, "the request took too long; if it was a posting, post the same claim again: it is stored once"),
          );
        case "55P03": // lock_not_available
        case "57014": // query_canceled (statement timeout)
          return sendProblem(
            reply.header("retry-after", "1"),
            problemOf("busy", 503, "the member's ledger entry is busy; post the same claim again: it is stored once"),
          );
      }
      if (error instanceof SyntaxError || (error.statusCode === 400 && error.code?.startsWith("FST_ERR_CTP"))) {
        return sendProblem(reply, problemOf("invalid-input", 400, "the body cannot be read", [{ path: "(body)", message: error.message }]));
      }
      request.log.error({ err: safeError(error), route: request.routeOptions.url }, "internal error");
      return sendProblem(reply, problemOf("internal-error", 500, "an internal error in Edict; it is logged (without the request's data)"));
    },
  );

  // ---------------------------------------------------------------------------- rulesets

  // stateless routes use the active ruleset as of at most a second ago; postings check it in their transaction
  let current: { ruleset: Ruleset | null; at: number } = { ruleset: null, at: 0 };
  const activeRuleset = async (): Promise<Ruleset | null> => {
    const now = Date.now();
    if (current.ruleset && now - current.at < 1000) return current.ruleset;
    current = { ruleset: await ledger.activeRuleset(), at: now };
    return current.ruleset;
  };
  const noRuleset = (reply: FastifyReply) =>
    sendProblem(reply, problemOf("no-ruleset", 503, "no ruleset is deployed: start with --rules <pack>, or deploy one with POST /v1/packs"));

  const problemResponses = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 503: ProblemSchema };
  const security = [{ token: [] as string[] }];

  // ---------------------------------------------------------------------------- routes

  app.post(
    "/v1/adjudicate",
    {
      config: { roles: ["host"] },
      schema: {
        summary: "Adjudicate a claim with the context given (stateless; nothing is stored)",
        description: "Role: host.",
        security,
        body: AdjudicateRequest,
        querystring: TraceQuery,
        response: { 200: contractSchemas().ResultSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      const shape = checkFields(body, ["claim", "context"], []);
      if (shape.length) return sendProblem(reply, problemOf("invalid-input", 400, "expected { claim, context }", shape));
      const ruleset = await activeRuleset();
      if (!ruleset) return noRuleset(reply);
      const { claim, context } = body as { claim: unknown; context: unknown };
      const parsedClaim = parseClaim(claim);
      const parsedContext = parseContext(context, { accumulators: ruleset.program.accumulators });
      if (!parsedClaim.ok || !parsedContext.ok) {
        const issues = [
          ...(parsedClaim.ok ? [] : prefixed("claim", parsedClaim.issues)),
          ...(parsedContext.ok ? [] : prefixed("context", parsedContext.issues)),
        ];
        return sendProblem(reply, problemOf("invalid-input", 400, "the claim or context is malformed", issues));
      }
      const result = ruleset.adjudicateParsed(parsedClaim.claim, parsedContext.context, { trace: request.query.trace === "true" });
      const outcome = { result };
      metrics.claims.inc({ endpoint: "adjudicate", status: outcome.result.status, outcome: "stateless" });
      return sendText(reply, 200, JSON.stringify(outcome.result));
    },
  );

  app.post(
    "/v1/claims",
    {
      config: { roles: ["host"] },
      schema: {
        summary: "Post claims to the ledger",
        description:
          'Role: host. Each claim is adjudicated with the member\'s state in the ledger and its effect applied, in one transaction per claim. The same claim posted again returns the stored response (200, header edict-replayed: true) and changes nothing; a different claim under a posted id is a conflict (409) unless it is a replacement (frequencyCode "7", or replaces) or a void ("8"), which reverse the claim they correct. application/x-ndjson: one record per line, answered with one line per record. application/fhir+json: a FHIR Claim (its Coverage enrolls an unknown member), or a Bundle of Claims answered a line each; problems at their FHIRPath. application/edi-x12: an 837, answered a line a claim; CLM05-3 7 and 8 replace and void the claim posted under the same CLM01; problems by segment; networks from edict serve --providers. The body schema below is the JSON one.',
        security,
        consumes: READERS.flatMap((r) => [...r.mediaTypes]),
        body: ClaimPostRequest,
        response: { 200: PostResponseSchema, 201: PostResponseSchema, ...problemResponses, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const reader = readerFor(request.headers["content-type"]);
      if (!reader) return sendProblem(reply, problemOf("unsupported-media-type", 415));
      const { items, many } = reader.read(request.body, options.network ? { network: options.network } : {});
      if (!many) {
        const item = items[0]!;
        if (!item.ok) return sendProblem(reply, problemOf("invalid-input", 400, "the body is neither a claim nor { claim, context }", item.issues));
        const outcome = await post(item);
        if (!outcome.ok) return sendProblem(reply, outcome.problem);
        if (outcome.replayed) reply.header("edict-replayed", "true");
        return sendText(reply, outcome.replayed ? 200 : 201, outcome.response);
      }
      const lines: string[] = [];
      for (const item of items) {
        if (!item.ok) {
          lines.push(
            JSON.stringify({
              error: {
                ...(item.where ? { where: item.where } : {}),
                ...(item.claimId ? { claimId: item.claimId } : {}),
                ...problemOf("invalid-input", 400, undefined, item.issues),
              },
            }),
          );
          continue;
        }
        const outcome = await post(item);
        lines.push(outcome.ok ? outcome.response : JSON.stringify({ error: { ...(item.where ? { where: item.where } : {}), ...outcome.problem } }));
      }
      return sendText(reply, 200, lines.length ? `${lines.join("\n")}\n` : "", "application/x-ndjson");
    },
  );

  async function post(item: BodyItem & { ok: true }): Promise<{ ok: true; replayed: boolean; response: string } | { ok: false; problem: Problem }> {
    const outcome = await ledger.post(
      { claim: item.claim, ...(item.context !== undefined ? { context: item.context } : {}) },
      { claimPath: item.claimPath, contextPath: item.contextPath },
    );
    if (!outcome.ok) return { ok: false, problem: fromLedger(outcome.problem) };
    metrics.claims.inc({ endpoint: "claims", status: outcome.status, outcome: outcome.replayed ? "replayed" : "posted" });
    return { ok: true, replayed: outcome.replayed, response: outcome.response };
  }

  app.get(
    "/v1/claims/:id",
    {
      config: { roles: ["host", "auditor"] },
      schema: {
        summary: "A posted claim: its submissions, what became of them, its result, and (auditors) its trace",
        description: "Roles: host or auditor; ?trace=true needs auditor and is written to the audit log.",
        security,
        params: ClaimIdParams,
        querystring: TraceQuery,
        response: { 200: ClaimRecordSchema, 404: ProblemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const trace = request.query.trace === "true";
      if (trace && !request.actor!.roles.includes("auditor")) return sendProblem(reply, problemOf("forbidden", 403, "reading a trace needs the auditor role"));
      const record = await ledger.claim(request.params.id, { trace });
      if (!record) return sendProblem(reply, problemOf("not-found", 404, "no claim with this id has been posted"));
      if (trace) await ledger.audit(request.actor!.name, "read-trace", request.params.id, null);
      return sendText(reply, 200, JSON.stringify(record));
    },
  );

  app.put(
    "/v1/members/:id",
    {
      config: { roles: ["host"] },
      schema: {
        summary: "Enroll a member, or replace their enrollment",
        description: "Role: host. What postings added to the member's accumulators, history and authorization units stays.",
        security,
        params: MemberIdParams,
        body: EnrollmentInput,
        response: {
          200: z.object({ memberId: z.string(), created: z.boolean() }),
          201: z.object({ memberId: z.string(), created: z.boolean() }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const outcome = await ledger.enroll(request.params.id, request.body as unknown);
      if (!outcome.ok) return sendProblem(reply, fromLedger(outcome.problem));
      return reply.code(outcome.created ? 201 : 200).send({ memberId: request.params.id, created: outcome.created });
    },
  );

  app.get(
    "/v1/members/:id/accumulators",
    {
      config: { roles: ["host", "auditor"] },
      schema: {
        summary: "A member's accumulators, by plan year",
        description: "Roles: host or auditor.",
        security,
        params: MemberIdParams,
        response: { 200: AccumulatorsSchema, 404: ProblemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const acc = await ledger.accumulators(request.params.id);
      if (!acc) return sendProblem(reply, problemOf("not-found", 404, "no such member in the ledger"));
      return sendText(reply, 200, JSON.stringify(acc));
    },
  );

  app.post(
    "/v1/estimate",
    {
      config: { roles: ["host"] },
      schema: {
        summary: "Estimate planned services, with the context given or the member's state in the ledger",
        description: "Role: host. Nothing is stored.",
        security,
        body: EstimateRequest,
        response: { 200: EstimateSchema, 422: ProblemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      const shape = checkFields(body, ["planned"], ["context", "asOf"]);
      if (shape.length) return sendProblem(reply, problemOf("invalid-input", 400, "expected { planned, context?, asOf? }", shape));
      const { planned, context, asOf } = body as { planned: unknown; context?: unknown; asOf?: unknown };
      const ruleset = await activeRuleset();
      if (!ruleset) return noRuleset(reply);
      const parsedPlanned = parsePlannedServices(planned);
      if (!parsedPlanned.ok)
        return sendProblem(reply, problemOf("invalid-input", 400, "the planned services are malformed", prefixed("planned", parsedPlanned.issues)));
      let ctx: Context | null;
      if (context !== undefined) {
        const parsed = parseContext(context, { accumulators: ruleset.program.accumulators });
        if (!parsed.ok) return sendProblem(reply, problemOf("invalid-input", 400, "the context is malformed", prefixed("context", parsed.issues)));
        ctx = parsed.context;
      } else {
        const day = asOf === undefined ? formatDate(Math.min(...parsedPlanned.planned.services.map((s) => s.serviceDate))) : asOf;
        if (typeof day !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(day))
          return sendProblem(reply, problemOf("invalid-input", 400, "asOf is not a date", [{ path: "asOf", message: "expected a calendar date, YYYY-MM-DD" }]));
        ctx = await ledger.contextFor(parsedPlanned.planned.json.member.id, day, ruleset);
        if (!ctx)
          return sendProblem(
            reply,
            problemOf("unknown-member", 422, "the member is not in the ledger", [
              { path: "planned.member.id", message: "no such member in the ledger: send the context, or enroll the member" },
            ]),
          );
      }
      const outcome = estimate(ruleset, planned, ctx);
      if (!outcome.ok) return sendProblem(reply, problemOf("invalid-input", 400, "the planned services are malformed", prefixed("planned", outcome.issues)));
      return sendText(reply, 200, JSON.stringify(outcome.estimate));
    },
  );

  app.post(
    "/v1/packs",
    {
      config: { roles: ["analyst"] },
      bodyLimit: options.packLimit ?? 256 * MiB,
      schema: {
        summary: "Deploy a built pack (the file `edict build` writes); new claims are decided by it",
        description: "Role: analyst. Written to the audit log. Results name the ruleset that decided them.",
        security,
        consumes: ["application/octet-stream"],
        response: { 201: DeploymentSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        return sendProblem(reply, problemOf("unsupported-media-type", 415, "send the artifact of edict build as application/octet-stream"));
      const decoded = decodeProgram(request.body);
      if (!decoded.ok)
        return sendProblem(
          reply,
          problemOf("invalid-input", 400, "the body is not an artifact of edict build", [{ path: "(body)", message: decoded.message }]),
        );
      const deployment = await ledger.deploy(makeRuleset(decoded.program), request.actor!.name);
      current = { ruleset: null, at: 0 };
      return reply.code(201).send(deployment);
    },
  );

  app.get(
    "/v1/packs",
    {
      config: { roles: ["analyst", "auditor"] },
      schema: {
        summary: "Every deployment, oldest first; the last is active",
        description: "Roles: analyst or auditor.",
        security,
        response: { 200: z.array(DeploymentSchema), ...problemResponses },
      },
    },
    async () => ledger.deployments(),
  );

  app.get(
    "/v1/audit",
    {
      config: { roles: ["auditor"] },
      schema: {
        summary: "The audit log: deployments, trace reads, token changes",
        description: "Role: auditor.",
        security,
        querystring: AuditQuery,
        response: { 200: z.array(AuditEntrySchema), ...problemResponses },
      },
    },
    async (request) => ledger.auditLog({ after: request.query.after, limit: request.query.limit }),
  );

  app.get("/healthz", { schema: { summary: "The process is up", response: { 200: z.object({ status: z.literal("ok") }) } } }, async () => ({
    status: "ok" as const,
  }));

  app.get(
    "/readyz",
    {
      schema: {
        summary: "The ledger answers and a ruleset is deployed",
        response: { 200: z.object({ status: z.literal("ready"), ruleset: z.string() }), 503: ProblemSchema },
      },
    },
    async (_request, reply) => {
      if (closing) return sendProblem(reply, problemOf("shutting-down", 503));
      const ruleset = await activeRuleset();
      if (!ruleset) return noRuleset(reply);
      return { status: "ready" as const, ruleset: ruleset.hash };
    },
  );

  app.get("/metrics", { schema: { summary: "Prometheus metrics", hide: true } }, async (_request, reply) =>
    reply.type("text/plain; version=0.0.4").send(metrics.render()),
  );

  app.get("/openapi.json", { schema: { hide: true } }, async (_request, reply) => reply.type("application/json").send(JSON.stringify(app.swagger())));

  await app.ready();

  return {
    app,
    metrics,
    async close() {
      closing = true;
      try {
        await app.close();
      } finally {
        await ledger.close();
      }
    },
  };
}
