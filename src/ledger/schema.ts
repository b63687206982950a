// The ledger's tables, as numbered migrations applied in order, the same SQL on PostgreSQL and
// PGlite. A migration is never edited once released; a change is a new one. Applying takes an
// advisory lock, so processes starting together against one server do not race.
import type { Database } from "./db.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "ledger",
    sql: `
-- the member as the host enrolled them: coverage, authorizations and earlier claim lines (JSON
-- as validated), the state before the ledger; what postings change is kept in the tables below
create table members (
  member_id text primary key,
  enrollment text not null,
  enrolled_at timestamptz not null default now()
);

-- accumulators per member and plan year (the plan year's first day, or "none" without a plan):
-- opening balances from enrollment plus what postings added; cents or counts by unit
create table member_accumulators (
  member_id text not null references members (member_id),
  plan_year text not null,
  name text not null,
  unit text not null check (unit in ('money', 'count')),
  opening bigint not null default 0,
  posted bigint not null default 0,
  primary key (member_id, plan_year, name)
);

-- authorization units taken by posted claims (enrollment gives the units used before)
create table authorization_use (
  member_id text not null references members (member_id),
  number text not null,
  units bigint not null default 0,
  primary key (member_id, number)
);

-- every deployed ruleset, as the artifact of edict build; the newest deployment is active
create table rulesets (
  hash text primary key,
  name text not null,
  version text not null,
  artifact bytea not null,
  stored_at timestamptz not null default now()
);

create table deployments (
  id bigserial primary key,
  ruleset_hash text not null references rulesets (hash),
  deployed_by text not null,
  deployed_at timestamptz not null default now()
);

-- one row per accepted submission of a claim: an original, a replacement or a void. The
-- response is kept as sent so that posting the same claim again returns it byte for byte.
create table postings (
  id bigint primary key,
  claim_id text not null,
  member_id text not null references members (member_id),
  kind text not null check (kind in ('original', 'replacement', 'void')),
  content_hash text not null,
  ruleset_hash text not null references rulesets (hash),
  plan_year text not null,
  reverses bigint references postings (id),
  reversed_by bigint references postings (id),
  effect text not null,
  result text,
  trace text,
  response text not null,
  posted_at timestamptz not null default now()
);
create sequence posting_ids owned by postings.id;
create index postings_by_claim on postings (claim_id, id);

-- the latest posting under each claim id
create table claims (
  claim_id text primary key,
  member_id text not null references members (member_id),
  current_posting bigint not null references postings (id)
);

-- paid lines of posted claims, as history for duplicate and bundling edits
create table paid_lines (
  posting_id bigint not null references postings (id),
  member_id text not null references members (member_id),
  claim_id text not null,
  service_day integer not null,
  code text not null,
  modifiers text not null,
  provider_npi text not null
);
create index paid_lines_by_member on paid_lines (member_id);
create index paid_lines_by_posting on paid_lines (posting_id);

-- API tokens, by the SHA-256 of the token (the token itself is never stored)
create table api_tokens (
  token_sha256 text primary key,
  name text not null unique,
  role text not null check (role in ('host', 'analyst', 'auditor')),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- who did what: deployments, trace reads, token changes. Append-only: a trigger refuses
-- updates, deletes and truncation.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  subject text,
  detail text
);

create function edict_audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the audit log is append-only';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function edict_audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function edict_audit_log_append_only();
`,
  },
];

const MIGRATION_LOCK = 7_110_001;

/** applies the migrations this database has not had yet; returns the versions applied */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.query(
      "create table if not exists edict_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())",
    );
    const done = new Set((await tx.query<{ version: number }>("select version from edict_migrations")).map((r) => Number(r.version)));
    const newest = Math.max(0, ...done);
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    if (newest > known) throw new Error(`the ledger database is at schema version ${newest}, newer than this Edict knows (${known}); upgrade Edict`);
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      // one statement list per migration; both back ends accept several statements without parameters
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query("insert into edict_migrations (version, name) values ($1, $2)", [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** splits SQL at semicolons outside $$ bodies and comments (the extended protocol takes one statement at a time) */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let inBody = false;
  for (const line of sql.split("\n")) {
    const trimmed = line.trim();
    if (!inBody && trimmed.startsWith("--")) continue;
    current += `${line}\n`;
    const dollars = line.split("$$").length - 1;
    if (dollars % 2 === 1) inBody = !inBody;
    if (!inBody && trimmed.endsWith(";")) {
      out.push(current.trim().replace(/;$/, ""));
      current = "";
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
