// PHI-safe logs: claims carrying marker values (member id, birth date, diagnosis, amounts, claim
// id) go through every path that logs — posted, replayed, refused, malformed, unparsable, read
// back by URL, an internal error — and no log line holds any marker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENROLLMENT } from "../ledger/claims.js";
import { start, type Running } from "./support.js";

const MEMBER = "MBRPHI7Q3Z";
const CLAIM = "CLMPHI4K8W";
const BIRTH = "1931-07-13";
const DIAGNOSIS = "T71.232A";
const AMOUNT = "8765.43";
const MARKERS = [MEMBER, CLAIM, BIRTH, DIAGNOSIS, DIAGNOSIS.replace(".", ""), AMOUNT, "876543", "7Q3Z", "4K8W"];

const claim = (id: string, charge = AMOUNT) => ({
  id,
  receivedDate: "2026-03-20",
  member: { id: MEMBER, birthDate: BIRTH, sex: "F" },
  provider: { npi: "1982453106", network: "out" },
  diagnoses: [DIAGNOSIS],
  lines: [{ lineNumber: 1, serviceDate: "2026-03-02", code: "99215", modifiers: [], units: 1, charge, placeOfService: "11", diagnosisPointers: [1] }],
});

describe("log lines never carry PHI", () => {
  let s: Running;
  beforeAll(async () => {
    s = await start();
  });
  afterAll(async () => s?.service.close());

  it("posts, replays, refuses and fails with marker values and logs none of them", async () => {
    const statuses: number[] = [];
    const send = async (method: string, path: string, o: Parameters<Running["request"]>[2] = {}) => statuses.push((await s.request(method, path, o)).status);
    await send("POST", "/v1/claims", { body: { claim: claim(CLAIM), context: ENROLLMENT } });
    await send("POST", "/v1/claims", { body: claim(CLAIM) });
    await send("POST", "/v1/claims", { body: claim(CLAIM, "1.00") });
    await send("POST", "/v1/adjudicate", { body: { claim: claim(CLAIM), context: { asOf: BIRTH, coverage: ENROLLMENT.coverage } } });
    await send("POST", "/v1/adjudicate", {
      body: { claim: { ...claim(CLAIM), member: { id: MEMBER, birthDate: `${BIRTH}x`, sex: AMOUNT } }, context: { asOf: BIRTH } },
    });
    await send("POST", "/v1/claims", { raw: `{"id": "${CLAIM}", "member": {"id": "${MEMBER}", "birthDate": "${BIRTH}"` });
    await send("POST", "/v1/claims", { raw: `${JSON.stringify(claim(`${CLAIM}-2`))}\n{"${MEMBER}": ${AMOUNT}`, type: "application/x-ndjson" });
    await send("GET", `/v1/members/${MEMBER}/accumulators`);
    await send("GET", `/v1/claims/${CLAIM}?trace=true`);
    await send("PUT", `/v1/members/${MEMBER}`, { body: { coverage: [{ planId: MEMBER, from: BIRTH, to: "1930-01-01" }] } });
    await send("POST", "/v1/estimate", {
      body: {
        planned: {
          member: { id: MEMBER, birthDate: BIRTH, sex: "F" },
          provider: { npi: "1982453106", network: "out" },
          diagnoses: [DIAGNOSIS],
          services: [{ serviceDate: "2026-03-02", code: "99215", charge: AMOUNT }],
        },
      },
    });
    await send("GET", `/v1/${MEMBER}/${AMOUNT}?dob=${BIRTH}`);
    await send("GET", `/v1/audit?after=${MEMBER}`);
    // an internal error: the database loses a table under the service, and the error quotes it
    await s.ledger.db.query("alter table paid_lines rename to paid_lines_gone");
    await send("POST", "/v1/claims", { body: claim(`${CLAIM}-3`) });
    await s.ledger.db.query("alter table paid_lines_gone rename to paid_lines");

    expect(statuses).toEqual([201, 200, 409, 200, 400, 400, 200, 200, 200, 400, 200, 404, 400, 500]);
    // every request was logged, with its route pattern; the internal error with its stack frames
    const lines = s.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === "request")).toHaveLength(statuses.length);
    expect(lines.map((l) => l.route)).toContain("/v1/members/:id/accumulators");
    const internal = lines.find((l) => l.msg === "internal error") as { err: { type: string; code: string; message: string; stack: string } } | undefined;
    expect(internal?.err).toMatchObject({ code: "42P01", message: expect.stringContaining("does not exist") });
    for (const line of s.logs) for (const marker of MARKERS) expect(line, `a log line holds ${marker}`).not.toContain(marker);
  });
});
