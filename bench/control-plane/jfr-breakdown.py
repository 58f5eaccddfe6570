#!/usr/bin/env python3
"""Where a ShopChangeBench run spent its CPU, from a JFR recording (-XX:StartFlightRecording=...).

    python3 bench/control-plane/jfr-breakdown.py changes.jfr [from-seconds]

Execution samples of the control threads (shopset-admin, shopset-routing-sync, shopset-last-good,
shopset-snapshot-fold, the admin event loop) are put in the first category whose frame is on the
stack, from the top; the GC pauses are summed. Only samples after `from-seconds` (default: the
first admin-thread sample, i.e. after both replicas loaded) count.
"""
import collections
import re
import subprocess
import sys

# (category, frame pattern): the first pattern found scanning a stack from its top wins.
CATEGORIES = [
    ("validate: whole state", r"RoutingValidator\.validate\("),
    ("validate: changed shops", r"RoutingValidator\.validateChanges"),
    ("place (Placements/Placer)", r"io\.shopset\.routing\.place\."),
    ("host tables: fold", r"HostIndex\$Fold"),
    ("host tables: edit", r"HostIndex\$Edit"),
    ("snapshot: whole build", r"SnapshotBuilder\.build\("),
    ("snapshot: update", r"SnapshotBuilder\.update\("),
    ("shop list: compare", r"ShopList\.(changesTo|equals)"),
    ("shop list: edit", r"ShopList\.(with|without|withChanges|bulk|of)\("),
    ("delta: compute", r"ChangeMessage\.delta\("),
    ("delta: apply", r"ChangeMessage\.applyTo\("),
    ("delta: parse/json", r"ChangeMessage\.(parse|toJson)"),
    ("last-good file", r"PersistedState\.writeTo"),
    ("resync: load from Redis", r"RedisRoutingStore\.load\("),
    ("data-plane swap (RouteResolver)", r"io\.shopset\.gateway\."),
    ("admin: state edit (States)", r"io\.shopset\.admin\.api\.States\."),
    ("admin: state equality", r"RoutingState\.equals"),
    ("state copy (RoutingState.<init>)", r"RoutingState\.<init>"),
    ("admin: other", r"io\.shopset\.admin\."),
    ("redis store: other", r"RedisRoutingStore\."),
    ("lettuce/netty I/O", r"io\.(lettuce|netty)\."),
]
THREADS = ("shopset-admin", "shopset-routing-sync", "shopset-last-good", "shopset-snapshot-fold")


def main():
    path = sys.argv[1]
    since = float(sys.argv[2]) if len(sys.argv) > 2 else None
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.GarbageCollection",
                          "--stack-depth", "96", path], capture_output=True, text=True, check=True).stdout
    events = out.split("\njdk.")
    samples = []
    gcs = []
    for ev in events:
        if ev.startswith("ExecutionSample") or ev.startswith("jdk.ExecutionSample"):
            t = re.search(r'startTime = (\d+):(\d+):([\d.]+)', ev)
            th = re.search(r'sampledThread = "([^"]+)" \(javaThreadId = (\d+)\)', ev)
            if not t or not th:
                continue
            secs = int(t.group(1)) * 3600 + int(t.group(2)) * 60 + float(t.group(3))
            frames = re.findall(r'^\s+([\w.$<>]+\([^)]*\))', ev, re.M)
            samples.append((secs, th.group(1), int(th.group(2)), frames))
        elif ev.startswith("GarbageCollection") or ev.startswith("jdk.GarbageCollection"):
            t = re.search(r'startTime = (\d+):(\d+):([\d.]+)', ev)
            d = re.search(r'sumOfPauses = ([\d.]+) (ms|s|us)', ev)
            if t and d:
                secs = int(t.group(1)) * 3600 + int(t.group(2)) * 60 + float(t.group(3))
                ms = float(d.group(1)) * {"ms": 1, "s": 1000, "us": 0.001}[d.group(2)]
                gcs.append((secs, ms))
    if since is None:
        admin = [s[0] for s in samples if s[1] == "shopset-admin"]
        since = min(admin) if admin else 0
    else:
        since = min(s[0] for s in samples) + since
    by_thread = collections.defaultdict(collections.Counter)
    totals = collections.Counter()
    for secs, name, tid, frames in samples:
        if secs < since or not name.startswith(THREADS):
            continue
        key = f"{name} #{tid}"
        cat = "other"
        for frame in frames:
            hit = next((c for c, p in CATEGORIES if re.search(p, frame)), None)
            if hit:
                cat = hit
                break
        by_thread[key][cat] += 1
        totals[key] += 1
    end = max(s[0] for s in samples)
    print(f"window: {end - since:.1f} s of samples (JFR 'profile': one sample per running thread every ~10-20 ms)")
    for key in sorted(by_thread):
        print(f"\n{key}: {totals[key]} samples")
        for cat, n in by_thread[key].most_common():
            print(f"  {100.0 * n / totals[key]:5.1f}%  {n:6d}  {cat}")
    pauses = [ms for secs, ms in gcs if secs >= since]
    print(f"\nGC pauses in the window: {len(pauses)}, {sum(pauses):.0f} ms in total, longest {max(pauses, default=0):.0f} ms")


if __name__ == "__main__":
    main()
