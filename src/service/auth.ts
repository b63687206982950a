// Who may do what. Requests carry `Authorization: Bearer <token>`; a token is known by its
// SHA-256 only, listed in a token file or in the ledger's api_tokens table, and has one role:
// host (adjudicate, post, enroll, estimate), analyst (deploy packs), auditor (read results,
// traces and the audit log). With no token anywhere the service is open, but only on a loopback
// address (see src/cli/serve-command.ts).
import * as z from "zod";
import { tokenHash, type Ledger, type Role } from "../ledger/index.js";
import { renderPath } from "../model/schemas.js";
import type { InputIssue } from "../model/types.js";

export interface TokenEntry {
  name: string;
  role: Role;
  /** SHA-256 of the token, 64 hex digits */
  sha256: string;
}

const TokenFile = z.strictObject({
  tokens: z.array(
    z.strictObject({
      name: z.string().min(1),
      role: z.enum(["host", "analyst", "auditor"]),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: "expected the token's SHA-256 as 64 lowercase hex digits (edict token hash <token>)" }),
    }),
  ),
});

/** reads a token file: { "tokens": [{ "name", "role", "sha256" }] }; every problem with its path */
export function parseTokenFile(json: unknown): { ok: true; tokens: TokenEntry[] } | { ok: false; issues: InputIssue[] } {
  const parsed = TokenFile.safeParse(json);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: renderPath(i.path, "(file)"), message: i.message })) };
  const names = new Set<string>();
  const issues: InputIssue[] = [];
  parsed.data.tokens.forEach((t, i) => {
    if (names.has(t.name)) issues.push({ path: `tokens[${i}].name`, message: `the name ${JSON.stringify(t.name)} is used twice` });
    names.add(t.name);
  });
  return issues.length ? { ok: false, issues } : { ok: true, tokens: parsed.data.tokens };
}

export interface Actor {
  /** the token's name, or "local" on an open loopback service */
  name: string;
  roles: readonly Role[];
}

export type Identified = { ok: true; actor: Actor } | { ok: false; detail: string };

/** tokens found in the ledger are remembered this long (so a revoked token stops within it) */
const CACHE_MS = 30_000;

export class Authenticator {
  private readonly fromFile: Map<string, TokenEntry>;
  private readonly cache = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly ledger: Ledger,
    fileTokens: readonly TokenEntry[],
    /** no tokens anywhere and a loopback address: every request acts as "local" with every role */
    readonly open: boolean,
  ) {
    this.fromFile = new Map(fileTokens.map((t) => [t.sha256, t]));
  }

  async identify(header: string | undefined, now: number): Promise<Identified> {
    if (this.open) return { ok: true, actor: { name: "local", roles: ["host", "analyst", "auditor"] } };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    if (!m) return { ok: false, detail: "send an API token: Authorization: Bearer <token>" };
    const hash = tokenHash(m[1]!);
    const file = this.fromFile.get(hash);
    if (file) return { ok: true, actor: { name: file.name, roles: [file.role] } };
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return { ok: true, actor: cached.actor };
    const stored = await this.ledger.tokenByHash(hash);
    if (!stored) return { ok: false, detail: "the API token is not known (or was revoked)" };
    const actor = { name: stored.name, roles: [stored.role] };
    this.cache.set(hash, { actor, until: now + CACHE_MS });
    return { ok: true, actor };
  }
}
