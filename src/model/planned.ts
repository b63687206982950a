// Planned services (the input of an estimate) as a zod schema: who the patient is, which
// provider, the diagnoses, and the services planned — a claim that has not happened yet. The
// fields reuse the claim's own schemas (./schemas.ts), so a code, date or amount is checked the
// same way; what a claim has and a plan does not (claim id, received date, line numbers) is
// absent, and units, place of service, diagnosis pointers and the charge may be left out. Bad
// input yields every problem with its path (`services[1].code: …`); nothing here throws.
import * as z from "zod";
import { contractSchemas, renderPath } from "./schemas.js";
import { parseMoney } from "./money.js";
import { parseDate } from "./dates.js";
import type { InputIssue } from "./types.js";

/** the planned-services schema, built on first use as the claim schemas it reuses are (./schemas.ts) */
function buildPlanned() {
  const claim = contractSchemas().ClaimInput.shape;
  const line = claim.lines.element.shape;

  const serviceShape = {
    serviceDate: line.serviceDate,
    code: line.code,
    modifiers: line.modifiers,
    units: line.units.optional().meta({ description: "units of service; 1 when absent" }),
    charge: line.charge.optional().meta({ description: "the provider's price for the service; when absent, the plan's fee-schedule amount for the units" }),
    placeOfService: line.placeOfService.optional().meta({ description: 'the CMS place-of-service code; "11" (office) when absent' }),
    diagnosisPointers: line.diagnosisPointers.optional().meta({ description: "the diagnoses this service treats; [1] when absent" }),
  };

  const objectError = (what: string) => (iss: { input?: unknown }) => (iss.input === undefined ? "required" : `expected ${what} (a JSON object)`);

  /** planned services as JSON: the input of `edict estimate` */
  const PlannedServicesInput = z
    .strictObject(
      {
        member: claim.member,
        provider: claim.provider,
        diagnoses: claim.diagnoses,
        priorAuthorization: claim.priorAuthorization,
        services: z
          .array(z.strictObject(serviceShape, { error: objectError("a planned service") }).meta({ description: "a planned service" }), {
            error: (iss) => (iss.input === undefined ? "required" : "expected a list"),
          })
          .min(1, { error: "expected at least one service" })
          .meta({ description: "the services planned, in order" }),
      },
      { error: objectError("planned services") },
    )
    .meta({ title: "Edict planned services", description: "Services planned for a member, to estimate what the plan pays and the patient owes." });
  return PlannedServicesInput;
}

let built: ReturnType<typeof buildPlanned> | null = null;

/** planned services as JSON: the input of `edict estimate` */
export function plannedServicesInput(): ReturnType<typeof buildPlanned> {
  built ??= buildPlanned();
  return built;
}

export type PlannedServicesJson = z.input<ReturnType<typeof plannedServicesInput>>;

export interface PlannedService {
  serviceDate: number;
  code: string;
  modifiers: string[];
  units: number;
  /** cents; null when the input gave none */
  charge: number | null;
  placeOfService: string;
  diagnosisPointers: number[];
}

export interface PlannedServices {
  /** the JSON as given (member, provider, diagnoses as the claim schema reads them) */
  json: PlannedServicesJson;
  services: PlannedService[];
}

export type PlannedParse = { ok: true; planned: PlannedServices } | { ok: false; issues: InputIssue[] };

/** validates planned-services JSON; every problem comes back with its path */
export function parsePlannedServices(json: unknown): PlannedParse {
  let result;
  try {
    result = plannedServicesInput().safeParse(json, { error: (iss) => (iss.input === undefined ? "required" : "invalid value") });
  } catch (e) {
    return { ok: false, issues: [{ path: "planned", message: `could not read the input (${e instanceof Error ? e.message : String(e)})` }] };
  }
  const issues: InputIssue[] = [];
  if (!result.success) {
    for (const iss of result.error.issues) {
      const path = iss.path.map((s) => (typeof s === "symbol" ? String(s) : s));
      if (iss.code === "unrecognized_keys")
        for (const key of [...iss.keys].sort()) issues.push({ path: renderPath([...path, key], "planned"), message: `unknown field ${JSON.stringify(key)}` });
      else issues.push({ path: renderPath(path, "planned"), message: iss.message });
    }
  }
  // diagnosis pointers must point at a diagnosis
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    const raw = json as { diagnoses?: unknown; services?: unknown };
    const count = Array.isArray(raw.diagnoses) ? raw.diagnoses.length : null;
    if (count !== null && Array.isArray(raw.services)) {
      raw.services.forEach((s, i) => {
        const pointers = typeof s === "object" && s !== null ? (s as { diagnosisPointers?: unknown }).diagnosisPointers : undefined;
        const list = Array.isArray(pointers) ? pointers : pointers === undefined ? [1] : [];
        list.forEach((p, j) => {
          if (typeof p === "number" && Number.isSafeInteger(p) && p > count) {
            issues.push({
              path: renderPath(["services", i, ...(pointers === undefined ? [] : ["diagnosisPointers", j])]),
              message: `points at diagnosis ${p}, but there ${count === 1 ? "is only 1 diagnosis" : `are only ${count} diagnoses`}`,
            });
          }
        });
      });
    }
  }
  if (issues.length || !result.success) {
    const seen = new Set<string>();
    return { ok: false, issues: issues.filter((i) => !seen.has(`${i.path}\u0000${i.message}`) && !!seen.add(`${i.path}\u0000${i.message}`)) };
  }
  const data = result.data;
  const services = data.services.map((s): PlannedService => {
    const date = parseDate(s.serviceDate);
    const charge = s.charge === undefined ? null : parseMoney(s.charge);
    if (!date.ok || (charge !== null && !charge.ok)) throw new Error("internal: a validated value does not parse");
    return {
      serviceDate: date.day,
      code: s.code,
      modifiers: [...s.modifiers],
      units: s.units ?? 1,
      charge: charge === null ? null : charge.ok ? charge.cents : null,
      placeOfService: s.placeOfService ?? "11",
      diagnosisPointers: s.diagnosisPointers ?? [1],
    };
  });
  return { ok: true, planned: { json: json as PlannedServicesJson, services } };
}
