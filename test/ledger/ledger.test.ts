// The ledger on both back ends: posting builds the context from the ledger and gives the
// results of stateless adjudication; posting again changes nothing; conflicts, replacements and
// voids; enrollment; the audit log; migrations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ledger, PostOutcome, PostResponse } from "../../src/ledger/index.js";
import { MIGRATIONS, migrate } from "../../src/ledger/index.js";
import { formatDate } from "../../src/model/dates.js";
import { shippedPack } from "../support/packs.js";
import { BACKENDS, clone, examples } from "./support.js";
import { ENROLLMENT, visit } from "./claims.js";

const demo = () => shippedPack("demo-ppo");

function posted(outcome: PostOutcome): PostResponse & { raw: string; replayed: boolean } {
  if (!outcome.ok) throw new Error(`expected a posting, got ${JSON.stringify(outcome.problem)}`);
  return { ...(JSON.parse(outcome.response) as PostResponse), raw: outcome.response, replayed: outcome.replayed };
}

function refused(outcome: PostOutcome) {
  if (outcome.ok) throw new Error(`expected a refusal, got ${outcome.response}`);
  return outcome.problem;
}

describe.each(BACKENDS)("the ledger on $name", (backend) => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await backend.open();
    await ledger.deploy(demo(), "test");
  });
  afterAll(async () => ledger?.close());

  const accumulators = async (member: string) => (await ledger.accumulators(member))?.planYears.find((y) => y.planYear === "2026-01-01")?.accumulators;

  it("posts every example claim with its context as enrollment, and decides it as stateless adjudication does", async () => {
    for (const ex of examples()) {
      const claim = clone(ex.claim);
      claim.member.id = `EX-${ex.name}`;
      claim.id = `EX-${ex.name}`;
      const expected = demo().adjudicate(ex.claim, ex.context);
      if (!expected.ok) throw new Error(`${ex.name}: ${JSON.stringify(expected.issues)}`);
      const first = posted(await ledger.post({ claim, context: ex.context }, { claimPath: "claim" }));
      expect(first.replayed, ex.name).toBe(false);
      expect(JSON.stringify(first.result), ex.name).toBe(JSON.stringify({ ...expected.result, claimId: claim.id }));
      expect(first.posting).toMatchObject({ kind: "original", planYear: "2026-01-01" });
    }
  });

  it("posting the same claim again returns the stored response byte for byte and changes nothing", async () => {
    const claim = visit("IDEM-1", "IDEM", "2026-02-02");
    const first = posted(await ledger.post({ claim, context: ENROLLMENT }));
    const before = await accumulators("IDEM");
    expect(before?.oon_deductible).toBe("150.00");
    // the same claim, spelled differently: whole-dollar charge, reordered keys, code in lower case
    const again = { ...clone(claim), lines: [{ ...claim.lines[0], charge: 150, code: "99215" }] };
    const second = posted(await ledger.post({ claim: again }));
    expect(second.replayed).toBe(true);
    expect(second.raw).toBe(first.raw);
    expect(await accumulators("IDEM")).toEqual(before);
    expect((await ledger.claim("IDEM-1"))!.postings).toHaveLength(1);
  });

  it("refuses different content under a posted id, and changes nothing", async () => {
    const claim = visit("CONF-1", "CONF", "2026-02-02");
    posted(await ledger.post({ claim, context: ENROLLMENT }));
    const before = await accumulators("CONF");
    const problem = refused(await ledger.post({ claim: visit("CONF-1", "CONF", "2026-02-02", { charge: "160.00" }) }));
    expect(problem.kind).toBe("conflict");
    expect(problem.issues[0]!.path).toBe("id");
    expect(problem.issues[0]!.message).toMatch(/frequencyCode "7".*"8"/);
    expect(await accumulators("CONF")).toEqual(before);
  });

  it("a replacement under the same id reverses the original's effect and posts the new claim", async () => {
    const original = visit("REPL-1", "REPL", "2026-03-02", { charge: "150.00" });
    posted(await ledger.post({ claim: original, context: ENROLLMENT }));
    const replacement = visit("REPL-1", "REPL", "2026-03-03", { charge: "120.00", extra: { frequencyCode: "7" } });
    const out = posted(await ledger.post({ claim: replacement }));
    expect(out.posting).toMatchObject({ kind: "replacement", replaces: "REPL-1" });
    // the reversal is the original negated, as an 835 shows it
    expect(out.reversal).toMatchObject({ claimId: "REPL-1", status: "reversed", totals: { billed: "-150.00", allowed: "-150.00", paid: "0.00" } });
    expect(out.reversal!.accumulators).toEqual({ oon_deductible: "-150.00", oon_out_of_pocket: "-150.00" });
    expect(out.result!.accumulators).toEqual({ oon_deductible: "120.00", oon_out_of_pocket: "120.00" });
    // the ledger holds the replacement only
    expect(await accumulators("REPL")).toMatchObject({ oon_deductible: "120.00", oon_out_of_pocket: "120.00" });
    // the original's paid line no longer counts as history: its service posted anew is paid, not a duplicate
    const again = posted(await ledger.post({ claim: visit("REPL-2", "REPL", "2026-03-02", { charge: "150.00" }) }));
    expect(again.result!.lines[0]!.status).toBe("paid");
    // while the replacement's line does
    const dup = posted(await ledger.post({ claim: visit("REPL-3", "REPL", "2026-03-03", { charge: "120.00" }) }));
    expect(dup.result!.lines[0]!.reason).toBe("CO-18");
    const record = await ledger.claim("REPL-1");
    expect(record!.state).toBe("active");
    expect(record!.postings.map((p) => p.kind)).toEqual(["original", "replacement"]);
    expect(record!.postings[0]!.reversedBy).toEqual({ claimId: "REPL-1", posting: record!.postings[1]!.id });
    // re-posting the superseded original is refused, the replacement is replayed
    expect(refused(await ledger.post({ claim: original })).kind).toBe("conflict");
    expect(posted(await ledger.post({ claim: replacement })).replayed).toBe(true);
  });

  it("a replacement under a new id names the claim it replaces; that claim cannot be replaced twice", async () => {
    posted(await ledger.post({ claim: visit("RNEW-1", "RNEW", "2026-03-02"), context: ENROLLMENT }));
    const out = posted(await ledger.post({ claim: visit("RNEW-2", "RNEW", "2026-03-02", { charge: "100.00", extra: { replaces: "RNEW-1" } }) }));
    expect(out.posting).toMatchObject({ kind: "replacement", replaces: "RNEW-1" });
    expect(await accumulators("RNEW")).toMatchObject({ oon_deductible: "100.00" });
    expect((await ledger.claim("RNEW-1"))!.state).toBe("replaced");
    const twice = refused(await ledger.post({ claim: visit("RNEW-3", "RNEW", "2026-03-02", { extra: { replaces: "RNEW-1" } }) }));
    expect(twice.kind).toBe("conflict");
    expect(twice.issues[0]).toEqual({ path: "replaces", message: expect.stringContaining('already replaced by claim "RNEW-2"') });
  });

  it("a void reverses the claim, restores authorization units, and frees its service from duplicate edits", async () => {
    const pt = visit("VOID-1", "VOID", "2026-04-06", { network: "in", code: "97110", units: 4, charge: "100.00" });
    const first = posted(await ledger.post({ claim: pt, context: ENROLLMENT }));
    expect(first.result!.status).toBe("paid");
    const ctx = async () => ledger.contextFor("VOID", "2026-12-20", demo());
    expect((await ctx())!.authorizations[0]!.used).toBe(4);
    expect((await ctx())!.history).toHaveLength(1);
    expect((await accumulators("VOID"))!.pt_visits).toBe(1);

    const voided = posted(await ledger.post({ claim: { ...pt, frequencyCode: "8" } }));
    expect(voided.posting.kind).toBe("void");
    expect(voided.result).toBeUndefined();
    expect(voided.reversal!.accumulators).toMatchObject({ pt_visits: -1 });
    expect((await ctx())!.authorizations[0]!.used).toBe(0);
    expect((await ctx())!.history).toHaveLength(0);
    expect(await accumulators("VOID")).toEqual({ deductible: "0.00", oon_deductible: "0.00", oon_out_of_pocket: "0.00", out_of_pocket: "0.00", pt_visits: 0 });
    expect((await ledger.claim("VOID-1"))!.state).toBe("voided");

    // voiding again with the same content is a replay; replacing a voided claim is refused
    expect(posted(await ledger.post({ claim: { ...pt, frequencyCode: "8" } })).replayed).toBe(true);
    const replace = refused(await ledger.post({ claim: { ...pt, frequencyCode: "7", receivedDate: "2026-12-21" } }));
    expect(replace.kind).toBe("conflict");
    expect(replace.issues[0]!.message).toMatch(/void/);
    // the service posted under a new id is paid again
    expect(posted(await ledger.post({ claim: { ...pt, id: "VOID-2" } })).result!.status).toBe("paid");
  });

  it("a void under its own id shows it voids another claim", async () => {
    posted(await ledger.post({ claim: visit("VO-1", "VO", "2026-05-01"), context: ENROLLMENT }));
    posted(await ledger.post({ claim: visit("VO-V", "VO", "2026-05-01", { extra: { frequencyCode: "8", replaces: "VO-1" } }) }));
    expect((await ledger.claim("VO-V"))!.state).toBe("void");
    expect((await ledger.claim("VO-1"))!.state).toBe("voided");
    expect((await ledger.claim("VO-1"))!.postings[0]!.reversedBy!.claimId).toBe("VO-V");
  });

  it("names what is wrong: unknown members, unknown claims to correct, corrections for another member, bad input", async () => {
    const unknown = refused(await ledger.post({ claim: visit("U-1", "NOBODY", "2026-05-01") }, { claimPath: "claim" }));
    expect(unknown.kind).toBe("unknown-member");
    expect(unknown.issues[0]!.path).toBe("claim.member.id");
    expect(await ledger.accumulators("NOBODY")).toBeNull();

    posted(await ledger.post({ claim: visit("OTHER-1", "OTHER-A", "2026-05-01"), context: ENROLLMENT }));
    posted(await ledger.post({ claim: visit("OTHER-2", "OTHER-B", "2026-05-01"), context: ENROLLMENT }));
    const missing = refused(await ledger.post({ claim: visit("OTHER-3", "OTHER-B", "2026-05-01", { extra: { replaces: "NO-SUCH-CLAIM" } }) }));
    expect(missing).toMatchObject({ kind: "unknown-claim", issues: [{ path: "replaces" }] });
    const other = refused(await ledger.post({ claim: visit("OTHER-4", "OTHER-B", "2026-05-01", { extra: { replaces: "OTHER-1" } }) }));
    expect(other).toMatchObject({ kind: "invalid-input", issues: [{ path: "member.id", message: expect.stringContaining("another member") }] });
    expect(other.issues[0]!.message).not.toContain("OTHER-A");

    const bad = refused(
      await ledger.post(
        { claim: { ...visit("BAD-1", "BAD", "2026-05-01"), frequencyCode: "1", replaces: "X" }, context: { coverage: [{ planId: "P", from: "2026-13-01" }] } },
        { claimPath: "claim" },
      ),
    );
    expect(bad.issues).toEqual([{ path: "claim.replaces", message: expect.stringContaining('an original claim (frequencyCode "1") replaces nothing') }]);
    const badContext = refused(
      await ledger.post({
        claim: visit("BAD-2", "BAD", "2026-05-01"),
        context: { coverage: [{ planId: "P", from: "2026-13-01" }], accumulators: { nope: 1 } },
      }),
    );
    expect(badContext.kind).toBe("invalid-input");
    expect(badContext.issues.map((i) => i.path)).toEqual(["context.coverage[0].from", "context.accumulators.nope"]);
    expect(await ledger.accumulators("BAD")).toBeNull();
  });

  it("enrollment sets opening balances of the plan year; re-enrolling keeps what postings added", async () => {
    const created = await ledger.enroll("ENR", { ...ENROLLMENT, accumulators: { oon_deductible: "900.00", pt_visits: 3 } });
    expect(created).toEqual({ ok: true, created: true });
    posted(await ledger.post({ claim: visit("ENR-1", "ENR", "2026-06-01", { charge: "150.00" }) }));
    expect(await accumulators("ENR")).toMatchObject({ oon_deductible: "1000.00", oon_out_of_pocket: "120.00", pt_visits: 3 });
    expect(await ledger.enroll("ENR", { ...ENROLLMENT, accumulators: { oon_deductible: "0.00" } })).toEqual({ ok: true, created: false });
    expect(await accumulators("ENR")).toMatchObject({ oon_deductible: "100.00", oon_out_of_pocket: "120.00", pt_visits: 0 });
    const bad = await ledger.enroll("ENR", { coverage: "all", history: [{}] });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problem.issues.map((i) => i.path)).toEqual([
        "coverage",
        "history[0].claimId",
        "history[0].serviceDate",
        "history[0].code",
        "history[0].providerNpi",
        "history[0].status",
      ]);
  });

  it("adjudicates as of each claim's received date, and builds the context the claim would have in a batch", async () => {
    await ledger.enroll("ASOF", ENROLLMENT);
    posted(await ledger.post({ claim: visit("ASOF-1", "ASOF", "2026-06-01") }));
    const context = await ledger.contextFor("ASOF", "2026-06-30", demo());
    expect(formatDate(context!.asOf)).toBe("2026-06-30");
    expect(context!.accumulators.oon_deductible).toBe(15000);
    expect(context!.history.map((h) => h.claimId)).toEqual(["ASOF-1"]);
  });

  it("keeps an append-only audit log of deployments", async () => {
    const log = await ledger.auditLog();
    expect(log[0]).toMatchObject({ actor: "test", action: "deploy", subject: demo().hash, detail: { name: "demo-ppo", version: "2026.1" } });
    await expect(ledger.db.query("update audit_log set actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(ledger.db.query("delete from audit_log")).rejects.toThrow(/append-only/);
    await expect(ledger.db.query("truncate audit_log")).rejects.toThrow(/append-only/);
    expect((await ledger.auditLog())[0]!.actor).toBe("test");
  });

  it("applies each migration once", async () => {
    expect(await migrate(ledger.db)).toEqual([]);
    const rows = await ledger.db.query<{ version: number }>("select version from edict_migrations order by version");
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("stores API tokens by their hash only", async () => {
    const token = await ledger.addToken("ci-host", "host", "test");
    expect(token).toMatch(/^edict_[A-Za-z0-9_-]{43}$/);
    const rows = await ledger.db.query<Record<string, unknown>>("select * from api_tokens");
    expect(JSON.stringify(rows)).not.toContain(token);
    const { tokenHash } = await import("../../src/ledger/index.js");
    expect(await ledger.tokenByHash(tokenHash(token))).toEqual({ name: "ci-host", role: "host" });
    expect(await ledger.revokeToken("ci-host", "test")).toBe(true);
    expect(await ledger.tokenByHash(tokenHash(token))).toBeNull();
    expect((await ledger.auditLog()).map((e) => e.action)).toEqual(expect.arrayContaining(["token-add", "token-revoke"]));
  });
});
