// The authorization step (src/engine/phases/authorization.ts): matching by code and dates, the
// claim's named authorization only, units taken line by line, string authorization numbers.
import { describe, expect, it } from "vitest";
import { checkAuthorizations } from "../../src/engine/phases/authorization.js";
import { PLAN, claimJson, contextJson, program, stateOf, statuses, withBenefits } from "./support.js";

const p = program(PLAN(`benefit pt "Physical therapy" { codes { 97110 } requires authorization }`), "97110,40.00\n");

const auth = (number: string | number, units: number, used = 0, from = "2026-01-01", to = "2026-06-30") => ({
  number,
  codes: ["97110"],
  from,
  to,
  units,
  used,
});

function decide(
  claimExtra: Record<string, unknown>,
  authorizations: unknown[],
  lines = [
    { code: "97110", units: 2 },
    { code: "97110", units: 2 },
  ],
) {
  const state = withBenefits(stateOf(p, claimJson(lines, claimExtra), contextJson({ authorizations }), { trace: true }));
  checkAuthorizations(state);
  return state;
}

describe("checking authorizations", () => {
  it("denies CO-197 when none covers the code and date", () => {
    expect(statuses(decide({}, [auth("PA-1", 10, 0, "2026-03-01")]))).toEqual(["denied CO-197", "denied CO-197"]);
  });

  it("takes units line by line and denies CO-198 when they run out", () => {
    const state = decide({}, [auth("PA-1", 3)]);
    expect(statuses(state)).toEqual(["paid", "denied CO-198"]);
    expect(state.trace!.build().map((t) => t.action)).toEqual(["authorized by PA-1", "deny CO-198: authorized units are used up"]);
  });

  it("moves on to the next authorization with enough units left, in number order", () => {
    const state = decide({}, [auth("B-7", 2), auth("A-1", 2, 1)]);
    expect(state.trace!.build().map((t) => t.action)).toEqual(["authorized by B-7", "deny CO-198: authorized units are used up"]);
    const numeric = decide({}, [auth(10, 2), auth(9, 2)]);
    expect(numeric.trace!.build().map((t) => t.action)).toEqual(["authorized by 9", "authorized by 10"]);
  });

  it("considers only the authorization the claim names", () => {
    const state = decide({ priorAuthorization: "PA-2" }, [auth("PA-1", 10), auth("PA-2", 2)]);
    expect(statuses(state)).toEqual(["paid", "denied CO-198"]);
    expect(state.trace!.build()[0]!.facts).toContainEqual({ fact: "claim.priorAuthorization", value: "PA-2" });
  });
});
