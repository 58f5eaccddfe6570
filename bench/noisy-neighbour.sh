#!/usr/bin/env bash
# The noisy-neighbour benchmark: shop B's req/s and p99 with shop A idle versus A flooded at 20x its
# limit (open model, constant arrival rate), and A's admitted rate over two gateway replicas sharing
# one Redis. Everything runs on loopback in one JVM with its own redis-server; see
# bench/noisy-neighbour/README.md. Options go to the program: --limit N --factor F --b-rate R
# --seconds S --warmup S --rounds N --addresses N --client-threads N.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is missing; installing it (apt-get install -y redis-server)" >&2
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi

JAR=app/target/shopset.jar
if [[ ! -f "$JAR" || -n "${REBUILD:-}" ]]; then
  echo "building $JAR" >&2
  mvn -q -B -DskipTests -pl app -am package
fi

ulimit -n 65536 2>/dev/null || true

# Up to 50 flood clients bind 127.0.0.10-59: on Linux the whole 127/8 is loopback.
exec java ${BENCH_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseG1GC} -Dio.netty.leakDetection.level=disabled \
  -DSHOPSET_LOG_LEVEL=WARN -cp "$JAR" bench/noisy-neighbour/NoisyNeighbourBench.java "$@"
