// The service's request and response bodies as zod schemas, built from the contract's own
// (src/model): these generate /openapi.json. Request bodies are checked by the contract's parsers
// (parseClaim, parseContext, …), which name every problem by its path, not by these schemas.
import * as z from "zod";
import { contractSchemas } from "../model/schemas.js";
import { plannedServicesInput } from "../model/planned.js";
import { ROLES } from "../ledger/ledger.js";

// the library builds these on first use; the service needs them all when it starts
const { ClaimInput, ContextInput, ResultSchema } = contractSchemas();
const PlannedServicesInput = plannedServicesInput();

const money = (description: string) => z.string().meta({ description: `${description}: a decimal string with two decimals` });
const moneyOrCount = z.union([z.string(), z.int()]).meta({ description: "money as a decimal string, a count as a whole number" });

export const AdjudicateRequest = z
  .strictObject({ claim: ClaimInput, context: ContextInput })
  .meta({ description: "a claim and the member's context, as `edict adjudicate` takes them" });

export const EnrollmentInput = z
  .strictObject({
    ...ContextInput.shape,
    asOf: ContextInput.shape.asOf.optional().meta({ description: "ignored: the ledger adjudicates each claim as of its received date" }),
  })
  .meta({
    description:
      "a member as the host enrolls them: coverage, prior authorizations (with units used before the ledger), earlier claim lines, and accumulators (the totals of the active ruleset's plan year before the ledger)",
  });

export const ClaimPostRequest = z.union([ClaimInput, z.strictObject({ claim: ClaimInput, context: EnrollmentInput.optional() })]).meta({
  description:
    'a claim, or { "claim": …, "context": … } where the context enrolls a member the ledger does not know yet. As application/x-ndjson: one such record per line.',
});

const Amounts = z.object({
  billed: money("billed"),
  allowed: money("allowed"),
  paid: money("paid"),
  patientResponsibility: money("what the member owes"),
});

export const ReversalSchema = z
  .object({
    claimId: z.string(),
    status: z.literal("reversed"),
    posting: z.int().meta({ description: "the posting reversed" }),
    ruleset: z.object({ name: z.string(), version: z.string(), hash: z.string() }),
    totals: Amounts,
    lines: z.array(
      Amounts.extend({
        lineNumber: z.int(),
        adjustments: z.array(z.object({ group: z.string(), reason: z.string(), amount: money("the adjustment taken back") })),
      }),
    ),
    accumulators: z.record(z.string(), moneyOrCount).meta({ description: "the deltas taken back" }),
  })
  .meta({ description: "a replaced or voided claim taken back, as an 835 shows it (CLP02 22): the original's amounts negated" });

export const PostResponseSchema = z
  .object({
    claimId: z.string(),
    posting: z.object({
      id: z.int(),
      kind: z.enum(["original", "replacement", "void"]),
      contentHash: z.string().meta({ description: "SHA-256 of the normalised claim: the same claim posted again is recognised by it" }),
      planYear: z.string().meta({ description: "the plan year's first day, whose accumulators the claim moved" }),
      replaces: z.string().optional().meta({ description: "the claim a replacement or void reversed" }),
    }),
    result: ResultSchema.optional().meta({ description: "the decision; absent for a void" }),
    reversal: ReversalSchema.optional(),
  })
  .meta({ description: "a posted claim. 201 when posted now; 200 with the stored body, byte for byte, when the same claim was posted before" });

const PostingSummary = z.object({
  id: z.int(),
  kind: z.enum(["original", "replacement", "void"]),
  contentHash: z.string(),
  ruleset: z.string(),
  planYear: z.string(),
  postedAt: z.string(),
  reverses: z.object({ claimId: z.string(), posting: z.int() }).optional(),
  reversedBy: z.object({ claimId: z.string(), posting: z.int() }).optional(),
});

export const ClaimRecordSchema = z.object({
  claimId: z.string(),
  state: z.enum(["active", "replaced", "voided", "void"]),
  postings: z.array(PostingSummary),
  result: ResultSchema.optional(),
  trace: ResultSchema.shape.trace,
});

export const AccumulatorsSchema = z.object({
  memberId: z.string(),
  planYears: z.array(z.object({ planYear: z.string(), accumulators: z.record(z.string(), moneyOrCount) })),
});

export const EstimateRequest = z
  .strictObject({
    planned: PlannedServicesInput,
    context: ContextInput.optional().meta({ description: "the member's context; absent: the ledger's state of the member" }),
    asOf: z
      .string()
      .optional()
      .meta({ description: "with the ledger's state: the date to estimate as of (YYYY-MM-DD); absent: the first planned service date" }),
  })
  .meta({ description: "planned services to estimate, as `edict estimate` takes them" });

export const EstimateSchema = z
  .object({
    ruleset: z.object({ name: z.string(), version: z.string(), hash: z.string() }),
    services: z.array(z.record(z.string(), z.unknown())),
    totals: z.object({ charge: z.string(), allowed: z.string(), planPays: z.string(), patientOwes: z.string() }),
    accumulators: z.record(z.string(), moneyOrCount),
    skipped: z.array(z.record(z.string(), z.unknown())),
    notes: z.array(z.string()),
  })
  .meta({ description: "what the plan would pay and the patient would owe (see `edict estimate`)" });

export const DeploymentSchema = z.object({ name: z.string(), version: z.string(), hash: z.string(), deployedBy: z.string(), deployedAt: z.string() });

export const AuditEntrySchema = z.object({
  id: z.int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  detail: z.unknown(),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    issues: z
      .array(z.object({ path: z.string().meta({ description: 'where in the body, like "lines[2].units" or "claim.member.id"' }), message: z.string() }))
      .optional(),
  })
  .meta({ description: "an RFC 9457 problem (application/problem+json)" });

export const ClaimIdParams = z.object({ id: z.string().min(1) });
export const MemberIdParams = z.object({ id: z.string().min(1) });
export const TraceQuery = z.object({
  trace: z.enum(["true", "false"]).optional().meta({ description: "include the trace (auditors only; the read is audited)" }),
});
export const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).optional().meta({ description: "entries after this id" }),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const RoleSchema = z.enum(ROLES as unknown as ["host", "analyst", "auditor"]);
