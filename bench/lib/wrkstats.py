#!/usr/bin/env python3
"""Helpers for bench/run.sh.

  wrkstats.py ports N              print N distinct free TCP ports on 127.0.0.1
  wrkstats.py parse FILE           parse one `wrk --latency` output -> "rps p50_ms p99_ms errors"
  wrkstats.py summarize OUTDIR     medians per (config, target) over raw/<config>/<target>-rN.txt,
                                   prints a plain table and writes OUTDIR/results.md
  wrkstats.py jmh-probe OUTDIR      per JMH benchmark in OUTDIR/jmh.log (timestamped by
                                   bench/jmh-with-probe.sh), the probe's median over its measured
                                   iterations, from OUTDIR/speed.log
  wrkstats.py probe FILE           until killed: every 0.25 s, time a fixed piece of CPU work (its
                                   CPU time, not wall time) and append "epoch_s ms" to FILE
"""
import os
import re
import socket
import statistics
import sys
import time

TARGET_ORDER = ["direct", "nginx", "haproxy", "gateway", "gatewayb"]
UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}
LAT_RE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+([0-9.]+)(us|ms|s|m|h)\s*$")


def free_ports(n):
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def parse(path):
    """Return dict(rps, p50, p99, errors, requests) or None values when missing."""
    res = {"rps": None, "p50": None, "p99": None, "errors": 0, "requests": None}
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return res
    for line in text.splitlines():
        m = LAT_RE.match(line)
        if m:
            val = float(m.group(2)) * UNIT_TO_MS[m.group(3)]
            if m.group(1) == "50":
                res["p50"] = val
            elif m.group(1) == "99":
                res["p99"] = val
            continue
        m = re.match(r"^\s*Requests/sec:\s+([0-9.]+)", line)
        if m:
            res["rps"] = float(m.group(1))
            continue
        m = re.match(r"^\s*(\d+) requests in", line)
        if m:
            res["requests"] = int(m.group(1))
            continue
        m = re.match(r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", line)
        if m:
            res["errors"] += sum(int(x) for x in m.groups())
            continue
        m = re.match(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", line)
        if m:
            res["errors"] += int(m.group(1))
    return res


def heap_bytes_per_request(path, requests):
    """Heap bytes the gateway process allocated per request in one round (run.sh's FILE.heap), or None."""
    try:
        allocated = int(open(path + ".heap").read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    if not requests:
        return None
    return allocated / requests


def cpu_us_per_request(path, requests):
    """CPU microseconds the target used per request in one round (from run.sh's FILE.cpu)."""
    try:
        ticks, hz = open(path + ".cpu").read().split()[:2]
    except (OSError, ValueError):
        return None
    if not requests:
        return None
    return int(ticks) * 1e6 / int(hz) / requests


def kernel_share(path):
    """The kernel's share (%) of the CPU the target used in one round (run.sh's FILE.cpu), or None."""
    try:
        fields = open(path + ".cpu").read().split()
        ticks, sys_ticks = int(fields[0]), int(fields[2])
    except (OSError, ValueError, IndexError):
        return None
    return sys_ticks * 100 / ticks if ticks else None


PROBE_LOOPS = 100_000


def probe(path):
    """The machine-speed probe: the CPU time one fixed loop takes, every 0.25 s (about 2% of a core).

    CPU time rather than wall time, so that waiting for a core under load does not count; what is
    left is how fast the core runs the loop. On this kind of shared host that moves by up to 1.8x
    over seconds to minutes while /proc/stat shows no steal.
    """
    with open(path, "a", buffering=1) as out:
        while True:
            began = time.process_time()
            s = 0
            for i in range(PROBE_LOOPS):
                s += i
            out.write(f"{time.time():.3f} {(time.process_time() - began) * 1000:.3f}\n")
            time.sleep(0.25)


def probe_samples(outdir):
    """The probe's (epoch_s, ms) samples of a run, or [] when it did not run."""
    samples = []
    try:
        for line in open(os.path.join(outdir, "speed.log")):
            parts = line.split()
            if len(parts) == 2:
                samples.append((float(parts[0]), float(parts[1])))
    except (OSError, ValueError):
        return []
    return samples


def round_began(path):
    """When the round whose wrk output is PATH started (run.sh's PATH.time), or 0 if not recorded."""
    try:
        return float(open(path + ".time").read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def round_probe_ms(path, samples):
    """The probe's median CPU ms during the round whose wrk output is PATH (run.sh's PATH.time), or None."""
    try:
        began, ended = (float(x) for x in open(path + ".time").read().split()[:2])
    except (OSError, ValueError):
        return None
    return median([ms for t, ms in samples if began <= t <= ended])


def jmh_probe(outdir):
    """Prints each JMH benchmark (and parameters) with the probe's median over its measured iterations."""
    samples = probe_samples(outdir)
    spans = {}
    bench = params = None
    for line in open(os.path.join(outdir, "jmh.log"), encoding="utf-8", errors="replace"):
        stamp, _, text = line.rstrip("\n").partition(" ")
        m = re.match(r"# Benchmark: (\S+)", text)
        if m:
            bench, params = ".".join(m.group(1).rsplit(".", 2)[-2:]), ""
            continue
        m = re.match(r"# Parameters: \((.*)\)", text)
        if m:
            params = m.group(1)
            continue
        m = re.match(r"# Measurement: (\d+) iterations, (\d+) s each", text)
        if m and bench:
            spans.setdefault((bench, params), {"seconds": int(m.group(2)), "ends": []})
            continue
        if bench and re.match(r"Iteration\s+\d+:", text):
            spans.setdefault((bench, params), {"seconds": 1, "ends": []})["ends"].append(float(stamp))
    rows = []
    for (b, p), span in spans.items():
        if not span["ends"]:
            continue
        began, ended = min(span["ends"]) - span["seconds"], max(span["ends"])
        ms = [v for t, v in samples if began <= t <= ended]
        rows.append([b, p, fmt(median(ms)), f"{fmt(min(ms, default=None))}..{fmt(max(ms, default=None))}", len(ms)])
    print(table(["benchmark", "parameters", "probe ms (median)", "probe range", "samples"], rows))


def fmt(v, nd=2):
    return "n/a" if v is None else f"{v:.{nd}f}"


def median(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def round_by_round(gateway_rounds, other_rounds):
    """The summary's "round by round" clause: median req/s and p99 ratios over paired_ratios."""
    paired = paired_ratios(gateway_rounds, other_rounds)
    return (f"round by round (median of {len(paired)}): req/s x{fmt(median([p[0] for p in paired]))},"
            f" p99 x{fmt(median([p[1] for p in paired]))}")


def paired_ratios(gateway_rounds, other_rounds):
    """(req/s ratio, p99 ratio) of the gateway's round r to the other target's round r, for each r both ran.

    Round r of every target runs back to back, so these ratios compare the targets on (nearly) the
    same machine speed; their median resists a slow spell that a ratio of medians does not.
    """
    other = {r["round"]: r for r in other_rounds}
    out = []
    for g in gateway_rounds:
        o = other.get(g["round"])
        if o is not None:
            out.append((ratio(g["rps"], o["rps"]), ratio(g["p99"], o["p99"])))
    return out


def table(headers, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    out = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths))]
    out.append("  ".join("-" * w for w in widths))
    for r in rows:
        out.append("  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                             for i, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(out)


def md_table(headers, rows):
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def summarize(outdir):
    rawdir = os.path.join(outdir, "raw")
    configs = sorted(d for d in os.listdir(rawdir) if os.path.isdir(os.path.join(rawdir, d))) \
        if os.path.isdir(rawdir) else []
    # config dirs are named c<conns>-<page>; keep the run order from configs.txt if present
    order_file = os.path.join(outdir, "configs.txt")
    if os.path.exists(order_file):
        wanted = [l.strip() for l in open(order_file) if l.strip()]
        configs = [c for c in wanted if c in configs]
    text_parts, md_parts = [], []
    samples = probe_samples(outdir)
    fastest = min((ms for _, ms in samples), default=None)
    for cfg in configs:
        cdir = os.path.join(rawdir, cfg)
        per = {}
        for fn in os.listdir(cdir):
            m = re.match(r"^([a-z]+)-r(\d+)\.txt$", fn)
            if not m:
                continue
            r = parse(os.path.join(cdir, fn))
            r["cpu"] = cpu_us_per_request(os.path.join(cdir, fn), r["requests"])
            r["sys"] = kernel_share(os.path.join(cdir, fn))
            r["heap"] = heap_bytes_per_request(os.path.join(cdir, fn), r["requests"])
            r["round"] = int(m.group(2))
            r["probe"] = round_probe_ms(os.path.join(cdir, fn), samples)
            r["began"] = round_began(os.path.join(cdir, fn))
            per.setdefault(m.group(1), []).append(r)
        targets = [t for t in TARGET_ORDER if t in per]
        for t in targets:
            per[t].sort(key=lambda r: r["round"])
        med = {}
        for t in targets:
            rs = per[t]
            med[t] = {
                "rps": median([r["rps"] for r in rs]),
                "p50": median([r["p50"] for r in rs]),
                "p99": median([r["p99"] for r in rs]),
                "errors": sum(r["errors"] for r in rs),
                "cpu": median([r["cpu"] for r in rs]),
                "sys": median([r["sys"] for r in rs]),
                "heap": median([r["heap"] for r in rs]),
                "probe": median([r["probe"] for r in rs]),
                "rounds": len(rs),
                "rps_min": min((r["rps"] for r in rs if r["rps"] is not None), default=None),
                "rps_max": max((r["rps"] for r in rs if r["rps"] is not None), default=None),
            }
        direct = med.get("direct", {}).get("rps")
        headers = ["target", "req/s", "p50 ms", "p99 ms", "CPU us/req", "kernel %", "heap B/req", "% of direct", "req/s min..max", "rounds",
                   "errors", "probe ms"]
        rows = []
        for t in targets:
            m = med[t]
            pct = ratio(m["rps"], direct)
            rows.append([t, fmt(m["rps"], 0), fmt(m["p50"], 3), fmt(m["p99"], 3), fmt(m["cpu"], 1), fmt(m["sys"], 0), fmt(m["heap"], 0),
                         "n/a" if pct is None else f"{pct * 100:.0f}%",
                         f"{fmt(m['rps_min'], 0)}..{fmt(m['rps_max'], 0)}",
                         m["rounds"], m["errors"], fmt(m["probe"], 2)])
        ratio_lines = []
        g = med.get("gateway")
        for other in ("nginx", "haproxy"):
            o = med.get(other)
            if g and o:
                r_rps = ratio(g["rps"], o["rps"])
                r_p50 = ratio(g["p50"], o["p50"])
                r_p99 = ratio(g["p99"], o["p99"])
                r_cpu = ratio(g["cpu"], o["cpu"])
                ratio_lines.append(
                    f"gateway/{other}: req/s x{fmt(r_rps)}, p50 x{fmt(r_p50)}, p99 x{fmt(r_p99)}, "
                    f"CPU per request x{fmt(r_cpu)}; {round_by_round(per['gateway'], per[other])}")
        b = med.get("gatewayb")
        if g and b:
            ratio_lines.append(
                f"gatewayb/gateway (A/B of two builds): req/s x{fmt(ratio(b['rps'], g['rps']))}, p50 x{fmt(ratio(b['p50'], g['p50']))},"
                f" p99 x{fmt(ratio(b['p99'], g['p99']))}, CPU per request x{fmt(ratio(b['cpu'], g['cpu']))},"
                f" heap per request x{fmt(ratio(b['heap'], g['heap']))}; {round_by_round(per['gatewayb'], per['gateway'])}")
        if not g:
            ratio_lines.append("gateway: not measured in this run (missing launcher, not ready, or excluded by --only; see the run log and gateway.log), so no ratios")
        probes = [r["probe"] for t in targets for r in per[t] if r["probe"] is not None]
        if probes and g:
            # Only the rounds the machine ran at (nearly) its best speed of these rounds, for every target alike.
            limit = 1.10 * min(probes)
            full = {t: [r for r in per[t] if r["probe"] is not None and r["probe"] <= limit] for t in targets}
            for other in ("nginx", "haproxy"):
                if full.get("gateway") and full.get(other):
                    gf, of = full["gateway"], full[other]
                    g_rps, o_rps = median([r["rps"] for r in gf]), median([r["rps"] for r in of])
                    ratio_lines.append(
                        f"gateway/{other} at full machine speed (rounds whose probe was within 10% of the fastest"
                        f" round's, {len(gf)} and {len(of)} of them): req/s x{fmt(ratio(g_rps, o_rps))}"
                        f" ({fmt(g_rps, 0)} vs {fmt(o_rps, 0)}),"
                        f" p99 x{fmt(ratio(median([r['p99'] for r in gf]), median([r['p99'] for r in of])))}")
        if probes and max(probes) > 1.15 * min(probes):
            ratio_lines.append(
                f"WARNING: the machine's speed varied during these rounds (probe {min(probes):.2f}..{max(probes):.2f} ms"
                f" per round; fastest sample of the run {fmt(fastest)} ms): prefer the round-by-round ratios, and see"
                f" the per-round table in results.md")
        title = f"== {cfg}  (medians over rounds; errors = socket errors + non-2xx, summed) =="
        text_parts.append(title + "\n" + table(headers, rows) + "\n" + "\n".join(ratio_lines))
        round_rows = [[r["round"], t, fmt(r["rps"], 0), fmt(r["p99"], 3), fmt(r["probe"], 2)]
                      for t in targets for r in per[t]]
        began = {(r["round"], t): r["began"] for t in targets for r in per[t]}
        round_rows.sort(key=lambda row: (row[0], began[(row[0], row[1])], TARGET_ORDER.index(row[1])))
        md_parts.append(f"### {cfg}\n\nMedians over rounds; errors = wrk socket errors + non-2xx responses, "
                        f"summed over counted rounds. probe ms: the machine-speed probe's median CPU time "
                        f"during the target's rounds (lower is a faster machine).\n\n" + md_table(headers, rows) + "\n\n"
                        + "\n".join(f"- {l}" for l in ratio_lines)
                        + "\n\nRound by round, in the order they ran:\n\n"
                        + md_table(["round", "target", "req/s", "p99 ms", "probe ms"], round_rows))
    print("\n\n".join(text_parts))
    info = ""
    info_file = os.path.join(outdir, "machine.txt")
    if os.path.exists(info_file):
        info = open(info_file).read().rstrip()
    params = ""
    params_file = os.path.join(outdir, "params.txt")
    if os.path.exists(params_file):
        params = open(params_file).read().rstrip()
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write("# ShopSet gateway proxy benchmark\n\n")
        f.write("## Parameters\n\n```\n" + params + "\n```\n\n")
        f.write("## Results\n\n" + "\n\n".join(md_parts) + "\n\n")
        f.write("## Machine\n\n```\n" + info + "\n```\n")


def main(argv):
    if len(argv) >= 3 and argv[1] == "ports":
        print(" ".join(str(p) for p in free_ports(int(argv[2]))))
    elif len(argv) >= 3 and argv[1] == "parse":
        r = parse(argv[2])
        print(fmt(r["rps"], 0), fmt(r["p50"], 3), fmt(r["p99"], 3), r["errors"])
    elif len(argv) >= 3 and argv[1] == "summarize":
        summarize(argv[2])
    elif len(argv) >= 3 and argv[1] == "jmh-probe":
        jmh_probe(argv[2])
    elif len(argv) >= 3 and argv[1] == "probe":
        probe(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
