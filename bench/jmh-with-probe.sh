#!/usr/bin/env bash
# Runs the JMH benchmarks (microbench/target/benchmarks.jar) with bench/run.sh's machine-speed probe
# beside them, then prints, for each benchmark and parameter set, the probe's median CPU ms over its
# measured iterations (lower is a faster machine; see bench/README.md). Arguments go to JMH as they are:
#   bench/jmh-with-probe.sh 'HostLookup|EndpointPick|ThrottleDecision' -f 1 -wi 3 -w 2s -i 5 -r 2s \
#       -prof gc -prof io.shopset.microbench.ThreadCpuProfiler
# Output: JMH's own on stdout, then the probe table; the timestamped JMH log and the probe log are kept
# in $OUT (default a new directory under bench/out).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$root/microbench/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "missing $jar: run mvn -B -pl microbench -am package -DskipTests" >&2; exit 2; }
OUT="${OUT:-$here/out/jmh-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
python3 "$here/lib/wrkstats.py" probe "$OUT/speed.log" &
probe=$!
trap 'kill "$probe" 2>/dev/null || true' EXIT
java -jar "$jar" "$@" 2>&1 | while IFS= read -r line; do
  printf '%s\n' "$line"
  printf '%s %s\n' "$(date +%s.%N)" "$line" >> "$OUT/jmh.log"
done
kill "$probe" 2>/dev/null || true
echo
python3 "$here/lib/wrkstats.py" jmh-probe "$OUT"
