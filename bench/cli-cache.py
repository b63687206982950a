#!/usr/bin/env python3
# One claim through the built CLI (`edict adjudicate`), a fresh process each run, with the
# compiled-pack cache hit (an entry made by a first run) against --no-cache, in turn. CPU is the
# child's user + sys from getrusage(RUSAGE_CHILDREN) (microseconds, unlike time(1)'s 10 ms);
# prints medians (min–max) in milliseconds and the load average.
# `python3 bench/cli-cache.py [runs=9] [pack=rules/demo-ppo] [claim=examples/claims/01-office-visit-in-network/claim.json]`
import os, resource, subprocess, sys, tempfile, time, statistics

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
pack = sys.argv[2] if len(sys.argv) > 2 else "rules/demo-ppo"
claim = sys.argv[3] if len(sys.argv) > 3 else "examples/claims/01-office-visit-in-network/claim.json"
cache = tempfile.mkdtemp(prefix="edict-bench-cli-cache-")
env = dict(os.environ, EDICT_CACHE_DIR=cache)

def run(extra):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(["node", "bin/edict.js", "adjudicate", *extra, "--rules", pack, claim], env=env, capture_output=True)
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        sys.exit(out.stderr.decode())
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
    return cpu, wall, out.stdout

load0 = os.getloadavg()
first = run([])[2]
res = {"no-cache": [], "hit": []}
for _ in range(runs):
    for mode, extra in (("no-cache", ["--no-cache"]), ("hit", [])):
        cpu, wall, stdout = run(extra)
        if stdout != first:
            sys.exit(f"{mode}: the output differs")
        res[mode].append((cpu, wall))
subprocess.run(["rm", "-rf", cache])
fmt = lambda xs: f"{statistics.median(xs):.0f} ({min(xs):.0f}–{max(xs):.0f})"
for mode, rs in res.items():
    print(f"{mode:9} cpu {fmt([c for c, _ in rs])} ms   wall {fmt([w for _, w in rs])} ms")
print("load average before", load0, "after", os.getloadavg())
