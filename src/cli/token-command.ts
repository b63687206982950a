// `edict token add | revoke | hash`: API tokens of the service. `add` prints a new token once
// (the ledger keeps only its SHA-256), `revoke` revokes one, `hash` prints the SHA-256 a token
// file lists (see src/service/auth.ts).
import type { Role } from "../ledger/index.js";
import { defineCommand } from "./args.js";
import { EXIT, usageError } from "./exit.js";
import { DATABASE_OPTION, openLedger } from "./ledger-support.js";

/** the roles (src/ledger/ledger.ts ROLES), here so the ledger loads only when a command opens it */
const ROLES = ["host", "analyst", "auditor"] as const satisfies readonly Role[];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesComplete: Same<(typeof ROLES)[number], Role> = true;
void rolesComplete;

export const tokenAddCommand = defineCommand({
  name: "token add",
  summary: "a new API token for the service, stored hashed in the ledger",
  usage: ["--name <name> --role host|analyst|auditor [--database <url | folder | memory>]"],
  options: {
    name: { type: "string", value: "<name>", help: "what the token is called (in the audit log)" },
    role: { type: "string", choices: ROLES, help: "host: adjudicate and post; analyst: deploy packs; auditor: read results, traces and the audit log" },
    database: DATABASE_OPTION,
  },
  notes: "The token is printed once, on stdout; the ledger keeps only its SHA-256.",
  async run({ values, operands }, { out, err }) {
    if (operands.length) throw usageError(`edict token add takes no arguments (got ${operands[0]})`);
    if (!values.name) throw usageError("name the token: edict token add --name <name> --role host|analyst|auditor");
    if (!values.role) throw usageError("give the token a role: --role host|analyst|auditor");
    const ledger = await openLedger(values.database);
    try {
      const token = await ledger.addToken(values.name, values.role, "edict token").catch((e: { code?: string }) => {
        if (e.code === "23505") throw usageError(`a token named ${values.name} exists already`);
        throw e;
      });
      out(`${token}\n`);
      err(`edict token: ${values.name} (${values.role}) added; the token above is shown this once`);
      return EXIT.ok;
    } finally {
      await ledger.close();
    }
  },
});

export const tokenRevokeCommand = defineCommand({
  name: "token revoke",
  summary: "revoke an API token of the ledger",
  usage: ["--name <name> [--database <url | folder | memory>]"],
  options: {
    name: { type: "string", value: "<name>", help: "the token's name" },
    database: DATABASE_OPTION,
  },
  async run({ values, operands }, { err }) {
    if (operands.length) throw usageError(`edict token revoke takes no arguments (got ${operands[0]})`);
    if (!values.name) throw usageError("say which token: edict token revoke --name <name>");
    const ledger = await openLedger(values.database);
    try {
      if (!(await ledger.revokeToken(values.name, "edict token"))) throw usageError(`no active token named ${values.name}`);
      err(`edict token: ${values.name} revoked`);
      return EXIT.ok;
    } finally {
      await ledger.close();
    }
  },
});

export const tokenHashCommand = defineCommand({
  name: "token hash",
  summary: "the SHA-256 of a token, as a --tokens file lists it",
  usage: ["<token>"],
  options: {},
  async run({ operands }, { out }) {
    if (operands.length !== 1) throw usageError("say which token to hash: edict token hash <token>");
    const { tokenHash } = await import("../ledger/index.js");
    out(`${tokenHash(operands[0]!)}\n`);
    return EXIT.ok;
  },
});
