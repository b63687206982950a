// The member ledger: what a payer's adjudication system keeps between claims. Members'
// accumulators per plan year, paid lines (history for duplicate and bundling edits),
// authorization units used, every posted result with its trace, deployed rulesets, API tokens
// and an append-only audit log, in PostgreSQL or in PGlite (PostgreSQL in WebAssembly, in this
// process: the default, so nothing needs a server). Posting a claim is one transaction per claim,
// serial per member, idempotent by claim id; replacements and voids reverse what the original
// added. The core (src/ outside cli, node, ledger and service) stays free of I/O: this folder
// calls it.
export { Ledger, ROLES, tokenHash } from "./ledger.js";
export type {
  AuditEntry,
  ClaimRecord,
  Deployment,
  LedgerProblem,
  MemberAccumulators,
  Outcome,
  PostInput,
  PostOptions,
  PostOutcome,
  PostResponse,
  ProblemKind,
  Role,
} from "./ledger.js";
export { openDatabase, pgliteDatabase, isPostgresUrl, isMemory, type Database, type Queryable } from "./db.js";
export { migrate, MIGRATIONS } from "./schema.js";
export { contentHash, memberContext, parseEnrollment, planYearOf, postingKind, reversalOf, type Reversal, type StoredEffect } from "./state.js";
