// Prometheus text exposition of what the service did: requests and their latency by route,
// claims posted by status and kind. Hand-written: two metric types are all it needs. Labels are
// route patterns and statuses, never values from a request (no member or claim ids).

type Labels = Record<string, string>;

const key = (labels: Labels): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]!.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of [...this.values].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`${this.name}{${k}} ${v}`);
    return lines.join("\n");
  }
}

/** seconds; from a fast adjudication to a slow posting under contention */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(labels: Labels, seconds: number): void {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) s!.counts[i]! += 1;
    });
    s.sum += seconds;
    s.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of [...this.series].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const sep = k ? "," : "";
      BUCKETS.forEach((b, i) => lines.push(`${this.name}_bucket{${k}${sep}le="${b}"} ${s.counts[i]}`));
      lines.push(`${this.name}_bucket{${k}${sep}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum{${k}} ${s.sum}`);
      lines.push(`${this.name}_count{${k}} ${s.count}`);
    }
    return lines.join("\n");
  }
}

export class Metrics {
  readonly requests = new Counter("edict_http_requests_total", "HTTP requests by route, method and status code");
  readonly latency = new Histogram("edict_http_request_duration_seconds", "HTTP request latency by route");
  readonly claims = new Counter(
    "edict_claims_total",
    "claims adjudicated or posted, by endpoint, status (paid, partial, denied, pended, void) and outcome (posted, replayed, stateless)",
  );

  render(): string {
    return `${[this.requests.render(), this.latency.render(), this.claims.render()].join("\n")}\n`;
  }
}
