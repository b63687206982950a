// The HTTP service: every endpoint, problem+json errors with the contract's paths, tokens and
// roles, the audit log of deployments and trace reads, request size limits, metrics, the
// OpenAPI 3.1 document, and graceful shutdown.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ledger, tokenHash } from "../../src/ledger/index.js";
import { buildArtifact, loadPack } from "../../src/node/index.js";
import { contextWithCoverage, fromFhirClaim } from "../../src/interop/fhir/index.js";
import { shippedPack } from "../support/packs.js";
import { tempDir } from "../support/temp.js";
import { ENROLLMENT, visit } from "../ledger/claims.js";
import { memoryLedger, start, type Running } from "./support.js";

const example = (name: string, file: string) => JSON.parse(readFileSync(`examples/claims/${name}/${file}`, "utf8"));
const claim01 = example("01-office-visit-in-network", "claim.json");
const context01 = example("01-office-visit-in-network", "context.json");

describe("the service, open on loopback", () => {
  let s: Running;
  beforeAll(async () => {
    s = await start({ bodyLimit: 64 * 1024 });
  });
  afterAll(async () => s?.service.close());

  it("adjudicates statelessly, as the library does", async () => {
    const r = await s.request("POST", "/v1/adjudicate", { body: { claim: claim01, context: context01 } });
    expect(r.status).toBe(200);
    const expected = shippedPack("demo-ppo").adjudicate(claim01, context01);
    expect(expected.ok && r.text).toBe(expected.ok && JSON.stringify(expected.result));
    const traced = await s.request("POST", "/v1/adjudicate?trace=true", { body: { claim: claim01, context: context01 } });
    expect(traced.json.trace.length).toBeGreaterThan(0);
  });

  it("answers bad input with problem+json naming the contract's paths", async () => {
    const bad = { claim: { ...claim01, lines: [{ ...claim01.lines[0], units: 0 }] }, context: { ...context01, accumulators: { deductible: "1.234" } } };
    const r = await s.request("POST", "/v1/adjudicate", { body: bad });
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.json).toMatchObject({ type: "urn:edict:problem:invalid-input", status: 400 });
    expect(r.json.issues).toEqual([
      { path: "claim.lines[0].units", message: "expected a positive whole number" },
      { path: "context.accumulators.deductible", message: '"1.234" has more than two decimals' },
    ]);
    const shape = await s.request("POST", "/v1/adjudicate", { body: { claim: claim01, extra: 1 } });
    expect(shape.json.issues).toEqual([
      { path: "context", message: "required" },
      { path: "extra", message: 'unknown field "extra"' },
    ]);
    const notJson = await s.request("POST", "/v1/claims", { raw: '{"id": "C-1",' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.issues[0].path).toBe("(body)");
    const media = await s.request("POST", "/v1/claims", { raw: "hello", type: "text/plain" });
    expect(media.status).toBe(415);
    const route = await s.request("GET", "/v1/nothing-here");
    expect(route).toMatchObject({ status: 404, json: { type: "urn:edict:problem:not-found" } });
    const query = await s.request("GET", "/v1/audit?limit=zero");
    expect(query.status).toBe(400);
    expect(query.json.issues[0].path).toBe("querystring.limit");
  });

  it("refuses a body over the size limit", async () => {
    const big = { claim: { ...claim01, diagnoses: Array.from({ length: 20_000 }, () => "J06.9") }, context: context01 };
    const r = await s.request("POST", "/v1/claims", { body: big });
    expect(r.status).toBe(413);
    expect(r.json.type).toBe("urn:edict:problem:body-too-large");
  });

  it("posts claims (201), replays them byte for byte (200), and refuses a conflict (409)", async () => {
    const claim = visit("S-1", "SM-1", "2026-03-02");
    const first = await s.request("POST", "/v1/claims", { body: { claim, context: ENROLLMENT } });
    expect(first.status).toBe(201);
    expect(first.json.result.ruleset.name).toBe("demo-ppo");
    const again = await s.request("POST", "/v1/claims", { body: claim });
    expect(again.status).toBe(200);
    expect(again.headers.get("edict-replayed")).toBe("true");
    expect(again.text).toBe(first.text);
    const conflict = await s.request("POST", "/v1/claims", { body: { ...claim, receivedDate: "2026-12-21" } });
    expect(conflict.status).toBe(409);
    expect(conflict.json.issues[0].path).toBe("id");
    const unknown = await s.request("POST", "/v1/claims", { body: { claim: visit("S-2", "NOBODY", "2026-03-02") } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.issues).toEqual([{ path: "claim.member.id", message: expect.stringContaining("enroll the member first") }]);
    const malformed = await s.request("POST", "/v1/claims", { body: { claim: { ...claim, lines: [] } } });
    expect(malformed.json.issues).toEqual([{ path: "claim.lines", message: "expected at least one line" }]);
  });

  it("posts NDJSON, one response line per record, bad records as error lines", async () => {
    const lines = [
      JSON.stringify({ claim: visit("ND-1", "ND", "2026-03-02"), context: ENROLLMENT }),
      "{not json",
      JSON.stringify(visit("ND-2", "ND", "2026-03-05")),
      JSON.stringify(visit("ND-3", "NOBODY", "2026-03-05")),
    ];
    const r = await s.request("POST", "/v1/claims", { raw: `${lines.join("\n")}\n`, type: "application/x-ndjson" });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/x-ndjson/);
    const out = r.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0].claimId).toBe("ND-1");
    expect(out[1].error).toMatchObject({ where: "line 2", issues: [{ path: "record" }] });
    expect(out[2].result.accumulators.oon_deductible).toBe("150.00");
    expect(out[3].error).toMatchObject({ where: "line 4", type: "urn:edict:problem:unknown-member", status: 422 });
  });

  it("posts a FHIR Claim (application/fhir+json), with problems at their FHIRPath", async () => {
    const fhirClaim = JSON.parse(readFileSync("examples/fhir/claim/claim.json", "utf8"));
    const context = JSON.parse(readFileSync("examples/fhir/claim/context.json", "utf8"));
    const [mapping] = fromFhirClaim(fhirClaim).claims;
    if (!mapping?.ok) throw new Error("examples/fhir/claim/claim.json does not map");
    expect((await s.request("PUT", `/v1/members/${mapping.claim.member.id}`, { body: { ...context, coverage: mapping.coverage } })).status).toBe(201);
    const r = await s.request("POST", "/v1/claims", { raw: JSON.stringify(fhirClaim), type: "application/fhir+json" });
    expect(r.status).toBe(201);
    const expected = shippedPack("demo-ppo").adjudicate(mapping.claim, contextWithCoverage(context, mapping));
    expect(expected.ok && JSON.stringify(r.json.result)).toBe(expected.ok && JSON.stringify(expected.result));
    const again = await s.request("POST", "/v1/claims", { raw: JSON.stringify(fhirClaim), type: "application/fhir+json" });
    expect(again.status).toBe(200);
    expect(again.text).toBe(r.text);

    const broken = structuredClone(fhirClaim);
    broken.item[0].quantity = { value: -2 };
    const bad = await s.request("POST", "/v1/claims", { raw: JSON.stringify(broken), type: "application/fhir+json" });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0].path).toMatch(/^Claim\.item\[0\]\.quantity/);
    const preauth = JSON.parse(readFileSync("examples/fhir/prior-auth/request.json", "utf8"));
    const refused = await s.request("POST", "/v1/claims", { raw: JSON.stringify(preauth), type: "application/fhir+json" });
    expect(refused.status).toBe(400);
    expect(refused.json.issues[0]).toEqual({
      path: expect.stringMatching(/\.use$/),
      message: expect.stringContaining("prior-authorization request is not a claim to post"),
    });
  });

  it("posts an X12 837 (application/edi-x12), a line a claim; CLM05-3 7 replaces the claim, problems by segment", async () => {
    const x12 = readFileSync("examples/claims/01-office-visit-in-network/claim.837", "utf8").replaceAll("M-10001", "X12-MEMBER");
    expect((await s.request("PUT", "/v1/members/X12-MEMBER", { body: context01 })).status).toBe(201);
    const r = await s.request("POST", "/v1/claims", { raw: x12, type: "application/edi-x12" });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/x-ndjson/);
    const [posted] = r.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    // the service was started without a provider directory: the provider is out of network
    const expected = shippedPack("demo-ppo").adjudicate({ ...claim01, provider: { ...claim01.provider, network: "out" } }, context01);
    expect(expected.ok && JSON.stringify(posted.result)).toBe(expected.ok && JSON.stringify(expected.result));
    // a corrected claim: frequency 7, a new charge
    const corrected = x12.replace("CLM*C-2026-000101*120***11:B:1", "CLM*C-2026-000101*150***11:B:7").replace("SV1*HC:99213*120", "SV1*HC:99213*150");
    expect(corrected).not.toBe(x12);
    const [replacement] = (await s.request("POST", "/v1/claims", { raw: corrected, type: "application/edi-x12" })).text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(replacement.posting).toMatchObject({ kind: "replacement", replaces: "C-2026-000101" });
    expect(replacement.reversal.totals.billed).toBe("-120.00");
    expect(replacement.result.totals.billed).toBe("150.00");
    const broken = await s.request("POST", "/v1/claims", { raw: x12.replace(/SV1\*HC:99213\*120/, "SV1*HC:99213*abc"), type: "application/edi-x12" });
    const [refused] = broken.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(refused.error.issues[0].path).toMatch(/^transaction \d+ segment \d+$/);
    expect(refused.error.issues.map((i: { message: string }) => i.message).join(" ")).toMatch(/segment \d+/);
    const notX12 = await s.request("POST", "/v1/claims", { raw: "hello", type: "application/edi-x12" });
    expect(notX12).toMatchObject({ status: 400, json: { issues: [{ path: "(body)" }] } });
  });

  it("enrolls members, reads accumulators, claims and estimates with the ledger's state", async () => {
    const put = await s.request("PUT", "/v1/members/EST-1", { body: { ...ENROLLMENT, accumulators: { oon_deductible: "950.00" } } });
    expect(put).toMatchObject({ status: 201, json: { memberId: "EST-1", created: true } });
    expect((await s.request("PUT", "/v1/members/EST-1", { body: ENROLLMENT })).status).toBe(200);
    expect((await s.request("PUT", "/v1/members/EST-1", { body: { ...ENROLLMENT, accumulators: { oon_deductible: "950.00" } } })).status).toBe(200);
    const badPut = await s.request("PUT", "/v1/members/EST-1", { body: { coverage: [{ planId: "P", from: "2026-01-01", to: "2025-01-01" }] } });
    expect(badPut.json.issues).toEqual([{ path: "coverage[0].to", message: expect.stringContaining("ends (2025-01-01) before it starts") }]);

    await s.request("POST", "/v1/claims", { body: visit("EST-C1", "EST-1", "2026-02-02", { charge: "100.00" }) });
    const acc = await s.request("GET", "/v1/members/EST-1/accumulators");
    expect(acc.json).toEqual({
      memberId: "EST-1",
      planYears: [
        {
          planYear: "2026-01-01",
          accumulators: { deductible: "0.00", oon_deductible: "1000.00", oon_out_of_pocket: "70.00", out_of_pocket: "0.00", pt_visits: 0 },
        },
      ],
    });
    expect((await s.request("GET", "/v1/members/NOBODY/accumulators")).status).toBe(404);

    const planned = {
      member: { id: "EST-1", birthDate: "1980-01-01", sex: "F" },
      provider: { npi: "1982453106", network: "out" },
      diagnoses: ["J02.9"],
      services: [{ serviceDate: "2026-03-02", code: "99215", charge: "100.00" }],
    };
    const fromLedger = await s.request("POST", "/v1/estimate", { body: { planned } });
    expect(fromLedger.status).toBe(200);
    // the deductible is met in the ledger: 40% coinsurance only
    expect(fromLedger.json.totals).toMatchObject({ allowed: "100.00", patientOwes: "40.00" });
    const withContext = await s.request("POST", "/v1/estimate", { body: { planned, context: { asOf: "2026-03-02", coverage: ENROLLMENT.coverage } } });
    expect(withContext.json.totals.patientOwes).toBe("100.00");
    const unknown = await s.request("POST", "/v1/estimate", { body: { planned: { ...planned, member: { ...planned.member, id: "NOBODY" } } } });
    expect(unknown).toMatchObject({ status: 422, json: { issues: [{ path: "planned.member.id" }] } });
    const bad = await s.request("POST", "/v1/estimate", { body: { planned: { ...planned, services: [] } } });
    expect(bad.json.issues).toEqual([{ path: "planned.services", message: "expected at least one service" }]);

    const record = await s.request("GET", "/v1/claims/EST-C1");
    expect(record.json).toMatchObject({ claimId: "EST-C1", state: "active", postings: [{ kind: "original" }], result: { status: "paid" } });
    expect(record.json.trace).toBeUndefined();
    expect((await s.request("GET", "/v1/claims/NO-SUCH")).status).toBe(404);
  });

  it("is healthy and ready, and counts what it did in Prometheus text", async () => {
    expect((await s.request("GET", "/healthz")).json).toEqual({ status: "ok" });
    expect((await s.request("GET", "/readyz")).json).toEqual({ status: "ready", ruleset: shippedPack("demo-ppo").hash });
    const m = await s.request("GET", "/metrics");
    expect(m.type).toMatch(/^text\/plain/);
    expect(m.text).toMatch(/^edict_claims_total\{endpoint="claims",outcome="posted",status="paid"\} [1-9]\d*$/m);
    expect(m.text).toMatch(/^edict_claims_total\{endpoint="claims",outcome="replayed",status="paid"\} [1-9]\d*$/m);
    expect(m.text).toMatch(/^edict_http_requests_total\{code="409",method="POST",route="\/v1\/claims"\} 1$/m);
    expect(m.text).toMatch(/^edict_http_request_duration_seconds_bucket\{route="\/v1\/claims",le="\+Inf"\} \d+$/m);
    expect(m.text).not.toContain("SM-1");
  });

  it("publishes an OpenAPI 3.1 document generated from the contract", async () => {
    const doc = (await s.request("GET", "/openapi.json")).json;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/healthz",
      "/readyz",
      "/v1/adjudicate",
      "/v1/audit",
      "/v1/claims",
      "/v1/claims/{id}",
      "/v1/estimate",
      "/v1/members/{id}",
      "/v1/members/{id}/accumulators",
      "/v1/packs",
    ]);
    const post = doc.paths["/v1/claims"].post;
    expect(Object.keys(post.requestBody.content)).toEqual([
      "application/json",
      "application/x-ndjson",
      "application/jsonl",
      "application/fhir+json",
      "application/edi-x12",
      "application/x12",
    ]);
    const claimSchema = post.requestBody.content["application/json"].schema.anyOf[0];
    expect(claimSchema.properties.frequencyCode.enum).toEqual(["1", "7", "8"]);
    expect(claimSchema.properties.lines.items.properties.units.description).toBe("units of service");
    expect(post.responses["201"].content["application/json"].schema.properties.reversal).toBeDefined();
    expect(doc.paths["/v1/packs"].post.requestBody.content["application/octet-stream"]).toBeDefined();
    expect(doc.components.securitySchemes.token).toEqual({ type: "http", scheme: "bearer" });
  });
});

describe("tokens and roles", () => {
  let s: Running;
  const host = "host-secret-token";
  const analyst = "analyst-secret-token";
  let auditor: string;
  beforeAll(async () => {
    const ledger = await memoryLedger();
    await ledger.deploy(shippedPack("demo-ppo"), "test");
    auditor = await ledger.addToken("audit-team", "auditor", "test");
    s = await start(
      {
        open: false,
        tokens: [
          { name: "billing", role: "host", sha256: tokenHash(host) },
          { name: "policy", role: "analyst", sha256: tokenHash(analyst) },
        ],
      },
      ledger,
    );
  });
  afterAll(async () => s?.service.close());

  it("needs a known token, and the right role", async () => {
    const none = await s.request("POST", "/v1/claims", { body: visit("T-1", "TM", "2026-03-02") });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    expect((await s.request("POST", "/v1/claims", { token: "wrong", body: visit("T-1", "TM", "2026-03-02") })).status).toBe(401);
    const posted = await s.request("POST", "/v1/claims", { token: host, body: { claim: visit("T-1", "TM", "2026-03-02"), context: ENROLLMENT } });
    expect(posted.status).toBe(201);
    const auditorPost = await s.request("POST", "/v1/claims", { token: auditor, body: visit("T-2", "TM", "2026-03-02") });
    expect(auditorPost).toMatchObject({ status: 403, json: { detail: expect.stringContaining("host role") } });
    expect((await s.request("POST", "/v1/adjudicate", { token: analyst, body: { claim: claim01, context: context01 } })).status).toBe(403);
    expect((await s.request("GET", "/v1/audit", { token: host })).status).toBe(403);
    // health, readiness, metrics and the document need no token
    for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json"]) expect((await s.request("GET", path)).status).toBe(200);
  });

  it("shows traces to auditors only, and writes every trace read to the audit log", async () => {
    const hostRead = await s.request("GET", "/v1/claims/T-1", { token: host });
    expect(hostRead.status).toBe(200);
    expect((await s.request("GET", "/v1/claims/T-1?trace=true", { token: host })).status).toBe(403);
    const traced = await s.request("GET", "/v1/claims/T-1?trace=true", { token: auditor });
    expect(traced.json.trace.length).toBeGreaterThan(0);
    const log = (await s.request("GET", "/v1/audit", { token: auditor })).json;
    expect(log.at(-1)).toMatchObject({ actor: "audit-team", action: "read-trace", subject: "T-1" });
    expect(log.filter((e: { action: string }) => e.action === "read-trace")).toHaveLength(1);
  });

  it("deploys a built pack (analysts), audited, and later results name it", async () => {
    const acme = loadPack("rules/acme-payer");
    if (!acme.ok) throw new Error("acme-payer does not compile");
    const bytes = Buffer.from(buildArtifact(acme));
    expect((await s.request("POST", "/v1/packs", { token: host, raw: bytes, type: "application/octet-stream" })).status).toBe(403);
    const bad = await s.request("POST", "/v1/packs", { token: analyst, raw: Buffer.from("not an artifact"), type: "application/octet-stream" });
    expect(bad).toMatchObject({ status: 400, json: { issues: [{ path: "(body)" }] } });
    const deployed = await s.request("POST", "/v1/packs", { token: analyst, raw: bytes, type: "application/octet-stream" });
    expect(deployed).toMatchObject({ status: 201, json: { name: "acme-payer", hash: acme.ruleset.hash, deployedBy: "policy" } });
    const next = await s.request("POST", "/v1/claims", { token: host, body: visit("T-3", "TM", "2026-03-09") });
    expect(next.json.result.ruleset).toEqual({ name: "acme-payer", version: "2026.1", hash: acme.ruleset.hash });
    const packs = (await s.request("GET", "/v1/packs", { token: auditor })).json;
    expect(packs.map((p: { name: string }) => p.name)).toEqual(["demo-ppo", "acme-payer"]);
    const log = (await s.request("GET", "/v1/audit", { token: auditor })).json;
    expect(log.filter((e: { action: string }) => e.action === "deploy").map((e: { actor: string; subject: string }) => [e.actor, e.subject])).toEqual([
      ["test", shippedPack("demo-ppo").hash],
      ["policy", acme.ruleset.hash],
    ]);
  });
});

describe("graceful shutdown", () => {
  it("finishes the posts in flight, refuses the rest cleanly, and keeps every acknowledged claim", async () => {
    const dir = tempDir("edict-shutdown-");
    const folder = join(dir, "ledger");
    const s = await start({ log: false }, await Ledger.open(folder));
    await s.ledger.enroll("GS", ENROLLMENT);
    const claims = Array.from({ length: 40 }, (_, i) =>
      visit(`GS-${i}`, "GS", `2026-02-${String((i % 27) + 1).padStart(2, "0")}`, { charge: `${100 + i}.00` }),
    );
    const inFlight = claims.map((c) => s.request("POST", "/v1/claims", { body: c }).catch((e: Error) => ({ status: 0, error: e.message, json: undefined })));
    // stop as soon as the first answer is in, with the others in flight
    await Promise.race(inFlight);
    await s.service.close();
    const answers = await Promise.all(inFlight);
    const acknowledged = claims.filter((_, i) => answers[i]!.status === 201).map((c) => c.id);
    // each request was posted (201), refused with a problem (503), or never read (its connection
    // was refused or closed before the request arrived); none was cut off half-way
    for (const a of answers) {
      expect([0, 201, 503]).toContain(a.status);
      if (a.status === 503) expect(a.json).toMatchObject({ type: "urn:edict:problem:shutting-down" });
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    const reopened = await Ledger.open(folder);
    try {
      const counts = await reopened.postingCounts();
      // stored exactly once: the acknowledged claims, and no other
      expect([...counts.keys()].sort()).toEqual([...acknowledged].sort());
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
