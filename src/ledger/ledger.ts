// The ledger's database work: enrolling members, posting claims (one transaction per claim with
// the member's row locked), reading claims and accumulators, deploying rulesets, the audit log and
// API tokens. What a posting computes is pure and lives in ./state.ts and src/batch/carry.ts.
import { createHash, randomBytes } from "node:crypto";
import { makeRuleset, type Ruleset } from "../index.js";
import { decodeProgram, encodeProgram } from "../artifact/artifact.js";
import { claimEffect } from "../batch/carry.js";
import { formatDate } from "../model/dates.js";
import { formatMoney } from "../model/money.js";
import { parseClaim } from "../model/schemas.js";
import type { Claim, ClaimStatus, Context, HistoryEntry, InputIssue, Result, TraceEntry } from "../model/types.js";
import { openDatabase, type Database, type OpenOptions, type Queryable } from "./db.js";
import { migrate } from "./schema.js";
import {
  contentHash,
  emptyEffect,
  memberContext,
  parseEnrollment,
  planYearOf,
  postingKind,
  reversalOf,
  storedEffect,
  type Enrollment,
  type EnrollmentJson,
  type LedgerState,
  type PostingKind,
  type Reversal,
  type StoredEffect,
} from "./state.js";

export type ProblemKind = "invalid-input" | "unknown-member" | "unknown-claim" | "conflict" | "no-ruleset";

/** why a request could not be done; `issues` name the input paths concerned */
export interface LedgerProblem {
  kind: ProblemKind;
  detail: string;
  issues: InputIssue[];
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; problem: LedgerProblem };

/** the body of a posting's response, kept as sent */
export interface PostResponse {
  claimId: string;
  posting: { id: number; kind: PostingKind; contentHash: string; planYear: string; replaces?: string };
  result?: Result;
  reversal?: Reversal;
}

export type PostOutcome = Outcome<{
  /** true when the same claim was posted before: `response` is the stored one and nothing changed */
  replayed: boolean;
  /** the response body as JSON text, byte-identical on every replay */
  response: string;
  kind: PostingKind;
  /** the claim's status, or "void" */
  status: ClaimStatus | "void";
}>;

export interface PostInput {
  claim: unknown;
  /** enrolls the member when the ledger does not know them yet (validated either way) */
  context?: unknown;
}

export interface PostOptions {
  /** where the claim and context sit in the request, for issue paths: "" (the body) or "claim" */
  claimPath?: string;
  contextPath?: string;
}

export interface Deployment {
  name: string;
  version: string;
  hash: string;
  deployedBy: string;
  deployedAt: string;
}

export type Role = "host" | "analyst" | "auditor";
export const ROLES: readonly Role[] = ["host", "analyst", "auditor"];

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: unknown;
}

export interface ClaimRecord {
  claimId: string;
  /** active: stands; replaced / voided: reversed by a later submission; void: this id is a void of another claim */
  state: "active" | "replaced" | "voided" | "void";
  postings: Array<{
    id: number;
    kind: PostingKind;
    contentHash: string;
    ruleset: string;
    planYear: string;
    postedAt: string;
    reverses?: { claimId: string; posting: number };
    reversedBy?: { claimId: string; posting: number };
  }>;
  /** the decision of the latest posting that was adjudicated (a void has none) */
  result?: Result;
  trace?: TraceEntry[];
}

export interface MemberAccumulators {
  memberId: string;
  planYears: Array<{ planYear: string; accumulators: Record<string, string | number> }>;
}

const TIMESTAMP = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const ts = (column: string) => `to_char(${column} at time zone 'UTC', ${TIMESTAMP})`;

const problem = (kind: ProblemKind, detail: string, issues: InputIssue[] = []): { ok: false; problem: LedgerProblem } => ({
  ok: false,
  problem: { kind, detail, issues },
});

const under = (root: string, path: string): string => (root === "" ? path : path === "claim" || path === "context" ? root : `${root}.${path}`);

const isUniqueViolation = (e: unknown): boolean => (e as { code?: string })?.code === "23505";

/** an opened ledger: a database with the schema applied, and the active ruleset */
export class Ledger {
  private readonly rulesets = new Map<string, Ruleset>();
  private active: Ruleset | null = null;

  private constructor(readonly db: Database) {}

  /** opens (and migrates) the ledger at a PostgreSQL URL, a PGlite folder, or "memory" */
  static async open(target: string, options: OpenOptions = {}): Promise<Ledger> {
    return Ledger.on(await openDatabase(target, options));
  }

  static async on(db: Database): Promise<Ledger> {
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
    return new Ledger(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ---------------------------------------------------------------------------- rulesets

  /** makes `ruleset` the one new claims are decided by; stored, and written to the audit log */
  async deploy(ruleset: Ruleset, actor: string): Promise<Deployment> {
    const known = await this.db.query("select 1 from rulesets where hash = $1", [ruleset.hash]);
    const artifact = known.length ? null : encodeProgram(ruleset.program);
    const row = await this.db.transaction(async (tx) => {
      if (artifact) {
        await tx.query("insert into rulesets (hash, name, version, artifact) values ($1, $2, $3, $4) on conflict (hash) do nothing", [
          ruleset.hash,
          ruleset.name,
          ruleset.version,
          artifact,
        ]);
      }
      const [d] = await tx.query<{ at: string }>(`insert into deployments (ruleset_hash, deployed_by) values ($1, $2) returning ${ts("deployed_at")} as at`, [
        ruleset.hash,
        actor,
      ]);
      await this.audit(actor, "deploy", ruleset.hash, { name: ruleset.name, version: ruleset.version }, tx);
      return d!;
    });
    this.rulesets.set(ruleset.hash, ruleset);
    this.active = ruleset;
    return { name: ruleset.name, version: ruleset.version, hash: ruleset.hash, deployedBy: actor, deployedAt: row.at };
  }

  /** the ruleset of the newest deployment (any process may have deployed it), or null */
  async activeRuleset(q: Queryable = this.db): Promise<Ruleset | null> {
    const [latest] = await q.query<{ ruleset_hash: string }>("select ruleset_hash from deployments order by id desc limit 1");
    if (!latest) return null;
    if (this.active?.hash === latest.ruleset_hash) return this.active;
    let ruleset = this.rulesets.get(latest.ruleset_hash);
    if (!ruleset) {
      const [stored] = await q.query<{ artifact: Uint8Array }>("select artifact from rulesets where hash = $1", [latest.ruleset_hash]);
      const decoded = decodeProgram(stored!.artifact);
      if (!decoded.ok) throw new Error(`the deployed ruleset ${latest.ruleset_hash.slice(0, 12)} cannot be read: ${decoded.message}`);
      ruleset = makeRuleset(decoded.program);
      this.rulesets.set(ruleset.hash, ruleset);
    }
    this.active = ruleset;
    return ruleset;
  }

  async deployments(): Promise<Deployment[]> {
    const rows = await this.db.query<{ name: string; version: string; hash: string; deployed_by: string; at: string }>(
      `select r.name, r.version, r.hash, d.deployed_by, ${ts("d.deployed_at")} as at from deployments d join rulesets r on r.hash = d.ruleset_hash order by d.id`,
    );
    return rows.map((r) => ({ name: r.name, version: r.version, hash: r.hash, deployedBy: r.deployed_by, deployedAt: r.at }));
  }

  // ---------------------------------------------------------------------------- members

  /**
   * Enrolls a member, or replaces the enrollment of one already known: coverage, authorizations,
   * earlier claim lines, and opening accumulators of the active ruleset's plan year. What
   * postings added stays.
   */
  async enroll(memberId: string, json: unknown): Promise<Outcome<{ created: boolean }>> {
    return this.db.transaction(async (tx) => {
      const ruleset = await this.activeRuleset(tx);
      if (!ruleset) return noRuleset();
      const parsed = parseEnrollment(json, ruleset.program);
      if (!parsed.ok) return problem("invalid-input", "the enrollment is malformed", parsed.issues);
      const [row] = await tx.query<{ created: boolean }>(
        `insert into members (member_id, enrollment) values ($1, $2)
         on conflict (member_id) do update set enrollment = excluded.enrollment, enrolled_at = now()
         returning (xmax = 0) as created`,
        [memberId, JSON.stringify(parsed.enrollment.json)],
      );
      await this.setOpening(tx, memberId, planYearOf(ruleset.program), parsed.enrollment);
      return { ok: true, created: row!.created };
    });
  }

  private async setOpening(tx: Queryable, memberId: string, planYear: string, enrollment: Enrollment): Promise<void> {
    if (!enrollment.opening.length) return;
    await tx.query(
      `insert into member_accumulators (member_id, plan_year, name, unit, opening)
       select $1, $2, x.name, x.unit, x.value from json_to_recordset($3::json) as x (name text, unit text, value bigint)
       on conflict (member_id, plan_year, name) do update set opening = excluded.opening`,
      [memberId, planYear, JSON.stringify(enrollment.opening)],
    );
  }

  /** the member's accumulators in every plan year the ledger has for them; null for an unknown member */
  async accumulators(memberId: string): Promise<MemberAccumulators | null> {
    const known = await this.db.query("select 1 from members where member_id = $1", [memberId]);
    if (!known.length) return null;
    const rows = await this.db.query<{ plan_year: string; name: string; unit: string; total: number }>(
      "select plan_year, name, unit, opening + posted as total from member_accumulators where member_id = $1 order by plan_year, name",
      [memberId],
    );
    const years = new Map<string, Record<string, string | number>>();
    for (const r of rows) {
      const year = years.get(r.plan_year) ?? {};
      year[r.name] = r.unit === "count" ? Number(r.total) : formatMoney(Number(r.total));
      years.set(r.plan_year, year);
    }
    return { memberId, planYears: [...years].map(([planYear, accumulators]) => ({ planYear, accumulators })) };
  }

  /** the context the ledger would adjudicate a claim of this member with, as of `asOf`; null for an unknown member */
  async contextFor(memberId: string, asOf: string, ruleset: Ruleset): Promise<Context | null> {
    const [member] = await this.db.query<{ enrollment: string }>("select enrollment from members where member_id = $1", [memberId]);
    if (!member) return null;
    const read = await readState(this.db, memberId, null, planYearOf(ruleset.program), false);
    return memberContext(stateOf(read, JSON.parse(member.enrollment) as EnrollmentJson), ruleset.program, asOf);
  }

  // ---------------------------------------------------------------------------- posting

  /**
   * Posts a claim: in one transaction, with the member's row locked, builds the context from the
   * ledger, adjudicates with the active ruleset, stores the result and applies its deltas.
   * Posting the same claim again returns the stored response and changes nothing; a different
   * claim under a posted id is a conflict unless it is a replacement (frequency code "7", or
   * `replaces`), which reverses the original's effect first, or a void ("8"), which only reverses.
   */
  async post(input: PostInput, options: PostOptions = {}): Promise<PostOutcome> {
    const claimPath = options.claimPath ?? "";
    const parsed = parseClaim(input.claim);
    if (!parsed.ok)
      return problem(
        "invalid-input",
        "the claim is malformed",
        parsed.issues.map((i) => ({ path: under(claimPath, i.path), message: i.message })),
      );
    const claim = parsed.claim;
    const hash = contentHash(claim);
    // a claim id first posted at the same moment for two members: the loser's insert into
    // `claims` fails on the key, and its second attempt finds the winner's posting
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.postIn(tx, claim, hash, input.context, claimPath, options.contextPath ?? "context"));
      } catch (e) {
        if (attempt < 2 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
  }

  private async postIn(tx: Queryable, claim: Claim, hash: string, contextJson: unknown, claimPath: string, contextPath: string): Promise<PostOutcome> {
    let ruleset = this.active ?? (await this.activeRuleset(tx));
    if (!ruleset) return noRuleset();
    const memberId = claim.member.id;
    if (contextJson !== undefined) {
      let enrollment = parseEnrollment(contextJson, ruleset.program, contextPath);
      if (!enrollment.ok) return problem("invalid-input", "the context is malformed", enrollment.issues);
      const inserted = await tx.query("insert into members (member_id, enrollment) values ($1, $2) on conflict (member_id) do nothing returning member_id", [
        memberId,
        JSON.stringify(enrollment.enrollment.json),
      ]);
      if (inserted.length) {
        // opening balances belong to the plan year of the ruleset active now, not of the one cached
        const fresh = await this.activeRuleset(tx);
        if (fresh && fresh.hash !== ruleset.hash) {
          ruleset = fresh;
          enrollment = parseEnrollment(contextJson, ruleset.program, contextPath);
          if (!enrollment.ok) return problem("invalid-input", "the context is malformed", enrollment.issues);
        }
        await this.setOpening(tx, memberId, planYearOf(ruleset.program), enrollment.enrollment);
      }
    }
    // the lock: every posting for this member waits here until the one before it commits. The
    // reads come after it, in statements of their own, so they see what that posting committed.
    const [member] = await tx.query<{ enrollment: string }>("select enrollment from members where member_id = $1 for update", [memberId]);
    if (!member) {
      return problem("unknown-member", "the member is not in the ledger", [
        {
          path: under(claimPath, "member.id"),
          message: "no such member in the ledger: enroll the member first (PUT /v1/members/{id}, or post the claim with its context)",
        },
      ]);
    }
    let read = await readState(tx, memberId, claim.id, planYearOf(ruleset.program), true);
    if (read.ruleset !== ruleset.hash) {
      // another process deployed a ruleset since this one looked
      const previousYear = planYearOf(ruleset.program);
      ruleset = (await this.activeRuleset(tx))!;
      if (planYearOf(ruleset.program) !== previousYear)
        read = { ...(await readState(tx, memberId, claim.id, planYearOf(ruleset.program), false)), nextId: read.nextId };
    }
    const program = ruleset.program;

    const submissions = read.submissions;
    const current = submissions.at(-1);
    if (current && current.content_hash === hash) {
      return { ok: true, replayed: true, response: current.response, kind: current.kind, status: statusOf(current.response) };
    }
    if (submissions.some((s) => s.content_hash === hash)) {
      return problem(
        "conflict",
        `claim ${JSON.stringify(claim.id)} was posted with this content before, and a later submission under the same id has since replaced it`,
        [{ path: under(claimPath, "id"), message: "this version of the claim has been superseded" }],
      );
    }
    const { kind, target } = postingKind(claim);
    if (current && (kind === "original" || target !== claim.id)) {
      return problem("conflict", `claim ${JSON.stringify(claim.id)} is already posted with different content`, [
        {
          path: under(claimPath, "id"),
          message: 'already posted with different content: send a correction with frequencyCode "7" (replace) or "8" (void), or use a new claim id',
        },
      ]);
    }

    const id = read.nextId!;
    const state = stateOf(read, JSON.parse(member.enrollment) as EnrollmentJson);
    let reversed: { row: Submission; effect: StoredEffect; result: Result } | null = null;
    if (target !== null) {
      const targetPath = under(claimPath, claim.replaces !== undefined ? "replaces" : "id");
      const verb = kind === "replacement" ? "replace" : "void";
      const history = target === claim.id ? submissions : await submissionsOf(tx, target);
      const last = history.at(-1);
      if (!last)
        return problem("unknown-claim", `no claim ${JSON.stringify(target)} has been posted`, [
          { path: targetPath, message: `no posted claim ${JSON.stringify(target)} to ${verb}` },
        ]);
      if (last.reversed_by !== null || last.kind === "void") {
        const by =
          last.reversed_by === null
            ? null
            : (await tx.query<{ claim_id: string; kind: string }>("select claim_id, kind from postings where id = $1", [last.reversed_by]))[0];
        const what =
          last.kind === "void"
            ? "is a void"
            : by?.kind === "void"
              ? `was voided${by.claim_id === target ? "" : ` by claim ${JSON.stringify(by.claim_id)}`}`
              : `was already replaced by claim ${JSON.stringify(by?.claim_id)}`;
        return problem("conflict", `claim ${JSON.stringify(target)} ${what}`, [
          { path: targetPath, message: `claim ${JSON.stringify(target)} ${what}; only the claim that stands can be corrected` },
        ]);
      }
      if (last.member_id !== memberId) {
        return problem("invalid-input", "a correction must be for the member of the claim it corrects", [
          { path: under(claimPath, "member.id"), message: `claim ${JSON.stringify(target)} is for another member: void it and post a new claim instead` },
        ]);
      }
      reversed = { row: last, effect: JSON.parse(last.effect) as StoredEffect, result: (JSON.parse(last.response) as PostResponse).result! };
      // the new claim is decided as if the one it corrects had never been posted
      if (reversed.effect.planYear === read.planYear)
        for (const a of reversed.effect.accumulators) state.accumulators.set(a.name, (state.accumulators.get(a.name) ?? 0) - a.delta);
      for (const u of reversed.effect.authorizationUnits) state.authorizationUnits.set(u.number, (state.authorizationUnits.get(u.number) ?? 0) - u.units);
      state.paidLines = state.paidLines.filter((_, i) => read.paidLinePostings[i] !== last.id);
    }

    let result: Result | undefined;
    let trace: TraceEntry[] | undefined;
    let effect: StoredEffect;
    if (kind === "void") {
      effect = emptyEffect(reversed!.effect.planYear);
    } else {
      const context = memberContext(state, program, formatDate(claim.receivedDate));
      const { result: traced, decisions } = ruleset.adjudicateWithDecisions(claim, context, { trace: true });
      const { trace: t, ...untraced } = traced;
      trace = t ?? [];
      result = untraced;
      effect = storedEffect(claimEffect(program, claim, traced, decisions.authorizationUnits), program);
    }

    const body: PostResponse = {
      claimId: claim.id,
      posting: { id, kind, contentHash: hash, planYear: effect.planYear, ...(target !== null ? { replaces: target } : {}) },
      ...(result ? { result } : {}),
      ...(reversed ? { reversal: reversalOf(reversed.result, reversed.row.id) } : {}),
    };
    const response = JSON.stringify(body);
    await writePosting(tx, {
      id,
      claimId: claim.id,
      memberId,
      kind,
      hash,
      ruleset: ruleset.hash,
      effect,
      result: result ? JSON.stringify(result) : null,
      trace: trace ? JSON.stringify(trace) : null,
      response,
      reversed: reversed ? { id: reversed.row.id, effect: reversed.effect } : null,
      firstUnderId: !current,
    });
    return { ok: true, replayed: false, response, kind, status: result ? result.status : "void" };
  }

  // ---------------------------------------------------------------------------- reading claims

  /** every submission under a claim id, what became of it, and its decision (with the trace when asked) */
  async claim(claimId: string, options: { trace?: boolean } = {}): Promise<ClaimRecord | null> {
    const rows = await this.db.query<{
      id: number;
      kind: PostingKind;
      content_hash: string;
      ruleset_hash: string;
      plan_year: string;
      at: string;
      reverses: number | null;
      reverses_claim: string | null;
      reversed_by: number | null;
      reversed_by_claim: string | null;
      reversed_by_kind: PostingKind | null;
      has_result: boolean;
    }>(
      `select p.id, p.kind, p.content_hash, p.ruleset_hash, p.plan_year, ${ts("p.posted_at")} as at,
              p.reverses, r.claim_id as reverses_claim, p.reversed_by, b.claim_id as reversed_by_claim, b.kind as reversed_by_kind,
              p.result is not null as has_result
         from postings p
         left join postings r on r.id = p.reverses
         left join postings b on b.id = p.reversed_by
        where p.claim_id = $1 order by p.id`,
      [claimId],
    );
    if (!rows.length) return null;
    const last = rows.at(-1)!;
    const state: ClaimRecord["state"] =
      last.kind === "void"
        ? last.reverses_claim === claimId
          ? "voided"
          : "void"
        : last.reversed_by === null
          ? "active"
          : last.reversed_by_kind === "void"
            ? "voided"
            : "replaced";
    const decided = [...rows].reverse().find((r) => r.has_result);
    const record: ClaimRecord = {
      claimId,
      state,
      postings: rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        contentHash: r.content_hash,
        ruleset: r.ruleset_hash,
        planYear: r.plan_year,
        postedAt: r.at,
        ...(r.reverses !== null ? { reverses: { claimId: r.reverses_claim!, posting: Number(r.reverses) } } : {}),
        ...(r.reversed_by !== null ? { reversedBy: { claimId: r.reversed_by_claim!, posting: Number(r.reversed_by) } } : {}),
      })),
    };
    if (decided) {
      const [stored] = await this.db.query<{ result: string; trace: string | null }>(
        `select result, ${options.trace ? "trace" : "null as trace"} from postings where id = $1`,
        [decided.id],
      );
      record.result = JSON.parse(stored!.result) as Result;
      if (options.trace) record.trace = JSON.parse(stored!.trace ?? "[]") as TraceEntry[];
    }
    return record;
  }

  /** how many postings are stored under each claim id (for checks after a crash) */
  async postingCounts(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ claim_id: string; n: number }>("select claim_id, count(*)::int as n from postings group by claim_id");
    return new Map(rows.map((r) => [r.claim_id, Number(r.n)]));
  }

  // ---------------------------------------------------------------------------- audit log

  async audit(actor: string, action: string, subject: string | null, detail: unknown, q: Queryable = this.db): Promise<void> {
    await q.query("insert into audit_log (actor, action, subject, detail) values ($1, $2, $3, $4)", [
      actor,
      action,
      subject,
      detail === undefined ? null : JSON.stringify(detail),
    ]);
  }

  async auditLog(options: { after?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = await this.db.query<{ id: number; at: string; actor: string; action: string; subject: string | null; detail: string | null }>(
      `select id, ${ts("at")} as at, actor, action, subject, detail from audit_log where id > $1 order by id limit $2`,
      [options.after ?? 0, Math.min(Math.max(options.limit ?? 100, 1), 1000)],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      detail: r.detail === null ? null : JSON.parse(r.detail),
    }));
  }

  // ---------------------------------------------------------------------------- API tokens

  /** creates a token for `role`; the token is returned once and only its SHA-256 is kept */
  async addToken(name: string, role: Role, actor: string): Promise<string> {
    const token = `edict_${randomBytes(32).toString("base64url")}`;
    await this.db.transaction(async (tx) => {
      await tx.query("insert into api_tokens (token_sha256, name, role) values ($1, $2, $3)", [tokenHash(token), name, role]);
      await this.audit(actor, "token-add", name, { role }, tx);
    });
    return token;
  }

  async revokeToken(name: string, actor: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query("update api_tokens set revoked_at = now() where name = $1 and revoked_at is null returning name", [name]);
      if (rows.length) await this.audit(actor, "token-revoke", name, undefined, tx);
      return rows.length > 0;
    });
  }

  async tokenByHash(sha256: string): Promise<{ name: string; role: Role } | null> {
    const [row] = await this.db.query<{ name: string; role: Role }>("select name, role from api_tokens where token_sha256 = $1 and revoked_at is null", [
      sha256,
    ]);
    return row ?? null;
  }

  async tokenCount(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>("select count(*)::int as n from api_tokens where revoked_at is null");
    return Number(row!.n);
  }
}

// ------------------------------------------------------------------------------ posting's SQL

interface Submission {
  id: number;
  claim_id: string;
  member_id: string;
  kind: PostingKind;
  content_hash: string;
  reversed_by: number | null;
  response: string;
  effect: string;
}

interface StateRead {
  ruleset: string | null;
  planYear: string;
  nextId: number | null;
  submissions: Submission[];
  accumulators: Array<[string, number]>;
  paidLines: HistoryEntry[];
  /** the posting each of `paidLines` belongs to */
  paidLinePostings: number[];
  authorizationUnits: Array<[string, number]>;
}

const SUBMISSION =
  "json_build_object('id', id, 'claim_id', claim_id, 'member_id', member_id, 'kind', kind, 'content_hash', content_hash, 'reversed_by', reversed_by, 'response', response, 'effect', effect)";

const submission = (s: Submission): Submission => ({ ...s, id: Number(s.id), reversed_by: s.reversed_by === null ? null : Number(s.reversed_by) });

/**
 * Everything a posting reads, in one statement (on PostgreSQL a round trip costs more than the
 * query): the active ruleset, the submissions under the claim id, the member's accumulators of
 * the plan year, paid lines and authorization units, and (`reserve`) the id of the new posting.
 */
async function readState(q: Queryable, memberId: string, claimId: string | null, planYear: string, reserve: boolean): Promise<StateRead> {
  const [row] = await q.query<{
    ruleset: string | null;
    next_id: number | string | null;
    submissions: Submission[];
    accumulators: Array<[string, number]>;
    paid_lines: Array<[number, string, number, string, string, string]>;
    units: Array<[string, number]>;
  }>(
    `select
       (select ruleset_hash from deployments order by id desc limit 1) as ruleset,
       case when $4 then nextval('posting_ids') end as next_id,
       (select coalesce(json_agg(${SUBMISSION} order by id), '[]'::json) from postings where claim_id = $2) as submissions,
       (select coalesce(json_agg(json_build_array(name, opening + posted)), '[]'::json) from member_accumulators where member_id = $1 and plan_year = $3) as accumulators,
       (select coalesce(json_agg(json_build_array(posting_id, claim_id, service_day, code, modifiers, provider_npi)), '[]'::json) from paid_lines where member_id = $1) as paid_lines,
       (select coalesce(json_agg(json_build_array(number, units)), '[]'::json) from authorization_use where member_id = $1) as units`,
    [memberId, claimId, planYear, reserve],
  );
  const r = row!;
  return {
    ruleset: r.ruleset,
    planYear,
    nextId: r.next_id === null ? null : Number(r.next_id),
    submissions: r.submissions.map(submission),
    accumulators: r.accumulators.map(([name, total]) => [name, Number(total)]),
    paidLines: r.paid_lines.map(([, claim, day, code, modifiers, npi]) => ({
      claimId: claim,
      serviceDate: Number(day),
      code,
      modifiers: JSON.parse(modifiers) as string[],
      providerNpi: npi,
      status: "paid",
    })),
    paidLinePostings: r.paid_lines.map(([posting]) => Number(posting)),
    authorizationUnits: r.units.map(([number, units]) => [number, Number(units)]),
  };
}

function stateOf(read: StateRead, enrollment: EnrollmentJson): LedgerState {
  return { enrollment, accumulators: new Map(read.accumulators), paidLines: read.paidLines, authorizationUnits: new Map(read.authorizationUnits) };
}

async function submissionsOf(q: Queryable, claimId: string): Promise<Submission[]> {
  const [row] = await q.query<{ submissions: Submission[] }>(
    `select coalesce(json_agg(${SUBMISSION} order by id), '[]'::json) as submissions from postings where claim_id = $1`,
    [claimId],
  );
  return row!.submissions.map(submission);
}

interface Write {
  id: number;
  claimId: string;
  memberId: string;
  kind: PostingKind;
  hash: string;
  ruleset: string;
  effect: StoredEffect;
  result: string | null;
  trace: string | null;
  response: string;
  /** the posting this one reverses, and what it had added */
  reversed: { id: number; effect: StoredEffect } | null;
  /** the first submission under this claim id: `claims` gets a row (a second one racing fails on the key) */
  firstUnderId: boolean;
}

/**
 * Stores a posting and applies it, in one statement: the new effect added and a reversed
 * posting's taken away (as net changes per plan year and name), paid lines moved, the reversed
 * posting marked, the claim id pointed at the new posting. (Foreign keys are checked at the end
 * of the statement, so the paid lines may name the posting inserted beside them.)
 */
async function writePosting(q: Queryable, w: Write): Promise<void> {
  const net = new Map<string, { plan_year: string; name: string; unit: string; delta: number }>();
  const units = new Map<string, number>();
  const add = (e: StoredEffect, sign: number) => {
    for (const a of e.accumulators) {
      const key = `${e.planYear}\u0000${a.name}`;
      const entry = net.get(key) ?? { plan_year: e.planYear, name: a.name, unit: a.unit, delta: 0 };
      entry.delta += sign * a.delta;
      net.set(key, entry);
    }
    for (const u of e.authorizationUnits) units.set(u.number, (units.get(u.number) ?? 0) + sign * u.units);
  };
  if (w.reversed) add(w.reversed.effect, -1);
  add(w.effect, 1);
  const lines = w.effect.paidLines.map((l) => ({
    service_day: l.serviceDate,
    code: l.code,
    modifiers: JSON.stringify(l.modifiers),
    provider_npi: l.providerNpi,
  }));
  await q.query(
    `with
       posting as (
         insert into postings (id, claim_id, member_id, kind, content_hash, ruleset_hash, plan_year, reverses, effect, result, trace, response)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)),
       accumulators as (
         insert into member_accumulators (member_id, plan_year, name, unit, posted)
         select $3, x.plan_year, x.name, x.unit, x.delta from json_to_recordset($13::json) as x (plan_year text, name text, unit text, delta bigint)
         on conflict (member_id, plan_year, name) do update set posted = member_accumulators.posted + excluded.posted),
       units as (
         insert into authorization_use (member_id, number, units)
         select $3, x.number, x.units from json_to_recordset($14::json) as x (number text, units bigint)
         on conflict (member_id, number) do update set units = authorization_use.units + excluded.units),
       lines as (
         insert into paid_lines (posting_id, member_id, claim_id, service_day, code, modifiers, provider_npi)
         select $1, $3, $2, x.service_day, x.code, x.modifiers, x.provider_npi from json_to_recordset($15::json) as x (service_day integer, code text, modifiers text, provider_npi text)),
       unpaid as (delete from paid_lines where $8::bigint is not null and posting_id = $8::bigint),
       reversed as (update postings set reversed_by = $1 where $8::bigint is not null and id = $8::bigint),
       ${w.firstUnderId ? "claim as (insert into claims (claim_id, member_id, current_posting) values ($2, $3, $1))" : "claim as (update claims set current_posting = $1 where claim_id = $2)"}
     select 1`,
    [
      w.id,
      w.claimId,
      w.memberId,
      w.kind,
      w.hash,
      w.ruleset,
      w.effect.planYear,
      w.reversed?.id ?? null,
      JSON.stringify(w.effect),
      w.result,
      w.trace,
      w.response,
      JSON.stringify([...net.values()].filter((n) => n.delta !== 0)),
      JSON.stringify([...units].filter(([, n]) => n !== 0).map(([number, n]) => ({ number, units: n }))),
      JSON.stringify(lines),
    ],
  );
}

/** SHA-256 (hex) of an API token, the form tokens are stored and listed in */
export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

function noRuleset(): { ok: false; problem: LedgerProblem } {
  return problem("no-ruleset", "no ruleset is deployed: start with --rules <pack>, or deploy one with POST /v1/packs");
}

function statusOf(response: string): ClaimStatus | "void" {
  const body = JSON.parse(response) as PostResponse;
  return body.result?.status ?? "void";
}
