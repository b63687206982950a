// The try-it panel's check of a result against the example's expectation: after changing the
// office copay to $30, example 01 pays 64.62 while its label still says "expected paid 69.62";
// this flags the mismatch and says what differs.
import type { Result } from "../protocol.js";
import type { ExampleClaim } from "../types.js";

const LABELS: Record<string, string> = { billed: "billed", allowed: "allowed", paid: "paid", patientResponsibility: "patient" };

/** each way the result departs from the example's expectation: "paid 69.62 → 64.62"; empty when it agrees */
export function expectationDifferences(expected: ExampleClaim["expected"], result: Result): string[] {
  if (!expected) return [];
  const out: string[] = [];
  if (expected.status !== undefined && expected.status !== result.status) out.push(`status ${expected.status} → ${result.status}`);
  for (const [field, want] of Object.entries(expected.totals ?? {})) {
    const got = (result.totals as unknown as Record<string, string>)[field];
    if (got !== undefined && got !== want) out.push(`${LABELS[field] ?? field} ${want} → ${got}`);
  }
  return out;
}

/** marks the expectation label: agrees, or differs (and how) */
export function flagExpectation(label: HTMLElement, example: ExampleClaim | undefined, result: Result): void {
  label.querySelector(".ee-mismatch")?.remove();
  delete label.dataset.match;
  if (!example?.expected) return;
  const differences = expectationDifferences(example.expected, result);
  label.dataset.match = String(differences.length === 0);
  if (!differences.length) return;
  const flag = document.createElement("span");
  flag.className = "ee-mismatch";
  flag.setAttribute("role", "status");
  flag.textContent = ` ✗ the result differs from the example's expectation: ${differences.join(", ")}`;
  label.append(flag);
}
