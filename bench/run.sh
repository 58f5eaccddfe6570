#!/usr/bin/env bash
# Side-by-side proxy benchmark: backend direct vs nginx vs HAProxy vs ShopSet gateway.
# See bench/README.md. Everything binds to 127.0.0.1 on free ports; all processes
# started here are stopped on exit (including Ctrl-C and errors).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
STATS="$BENCH_DIR/lib/wrkstats.py"

usage() {
  cat <<'EOF'
Usage: bench/run.sh [options]
  --connections N      wrk connections (default 64)
  --duration S         seconds per counted round (default 10)
  --rounds R           counted rounds per target, alternating targets, each round starting one
                       target further on (default 5)
  --warmup S           warm-up seconds per target before counting, in two halves (default 10)
  --threads T          wrk threads (default 2)
  --page 2k|64k        response size served by the backend (default 2k)
  --all                run the matrix {64 conns 2k, 256 conns 2k, 64 conns 64k}
  --quick              smoke test: 1 round of 3 s, warm-up 2 s (explicit flags still win)
  --only LIST          comma list of targets: direct,nginx,haproxy,gateway (default all)
  --backend-workers N  nginx backend worker_processes (default 2 = cores, measured; see README)
  --gateway-bin PATH   gateway launcher (default <repo>/bin/shopset, or $SHOPSET_BIN)
  --gateway-b PATH     a second gateway launcher (say another checkout's bin/shopset), run as target
                       "gatewayb" next to "gateway" in every round (after it in odd rounds, before
                       it in even ones), for an A/B of two builds at the same machine speed (the
                       summary adds gatewayb/gateway ratios)
  --gateway-ready-timeout S  seconds to wait for /readyz (default 60)
  --no-install         do not apt-get install missing tools
  --out DIR            output dir (default bench/out/<timestamp>)
  -h, --help
EOF
}

# ---------------------------------------------------------------- options
CONNS=""; DURATION=""; ROUNDS=""; WARMUP=""; THREADS=2; PAGE="2k"; ALL=0; QUICK=0
ONLY="direct,nginx,haproxy,gateway"; BACKEND_WORKERS=2; INSTALL=1; OUT=""
GATEWAY_BIN="${SHOPSET_BIN:-$REPO_DIR/bin/shopset}"; GATEWAY_B_BIN=""; GW_READY_TIMEOUT=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --connections) CONNS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --page) PAGE="$2"; shift 2 ;;
    --all) ALL=1; shift ;;
    --quick) QUICK=1; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --backend-workers) BACKEND_WORKERS="$2"; shift 2 ;;
    --gateway-bin) GATEWAY_BIN="$2"; shift 2 ;;
    --gateway-b) GATEWAY_B_BIN="$2"; shift 2 ;;
    --gateway-ready-timeout) GW_READY_TIMEOUT="$2"; shift 2 ;;
    --no-install) INSTALL=0; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ $QUICK == 1 ]]; then
  : "${DURATION:=3}" "${ROUNDS:=1}" "${WARMUP:=2}"
fi
: "${CONNS:=64}" "${DURATION:=10}" "${ROUNDS:=5}" "${WARMUP:=10}"
for v in CONNS DURATION ROUNDS WARMUP THREADS BACKEND_WORKERS GW_READY_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "$v must be a non-negative integer, got '${!v}'" >&2; exit 2; }
done
[[ $DURATION -ge 1 && $ROUNDS -ge 1 && $THREADS -ge 1 && $CONNS -ge $THREADS ]] \
  || { echo "need duration>=1, rounds>=1, threads>=1, connections>=threads" >&2; exit 2; }
[[ "$PAGE" == 2k || "$PAGE" == 64k ]] || { echo "--page must be 2k or 64k" >&2; exit 2; }

TARGETS=()
for t in direct nginx haproxy gateway; do   # canonical order, whatever order --only lists
  [[ ",$ONLY," == *",$t,"* ]] && TARGETS+=("$t")
done
for t in ${ONLY//,/ }; do
  case "$t" in direct|nginx|haproxy|gateway) ;; *) echo "unknown target in --only: $t" >&2; exit 2 ;; esac
done
[[ ${#TARGETS[@]} -gt 0 ]] || { echo "--only selected no targets" >&2; exit 2; }
if [[ -n "$GATEWAY_B_BIN" ]]; then
  [[ " ${TARGETS[*]} " == *" gateway "* ]] || { echo "--gateway-b needs the gateway target" >&2; exit 2; }
  TARGETS+=(gatewayb)
fi

if [[ $ALL == 1 ]]; then
  MATRIX=("64:2k" "256:2k" "64:64k")
else
  MATRIX=("$CONNS:$PAGE")
fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- install
if [[ $INSTALL == 1 ]]; then
  missing=()
  command -v nginx >/dev/null 2>&1 || missing+=(nginx)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y "${missing[@]}"
    # The packages may auto-start system instances; we never use them, stop them so
    # they do not compete for CPU (our instances use their own configs/ports).
    for svc in nginx haproxy; do
      service "$svc" stop >/dev/null 2>&1 || true
    done
  fi
fi
for tool in nginx haproxy wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing required tool: $tool (run without --no-install, as root)" >&2; exit 1; }
done
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FD_LIMIT="$(ulimit -n)"; [[ "$FD_LIMIT" == unlimited ]] && FD_LIMIT=65536
[[ $FD_LIMIT -gt 65536 ]] && FD_LIMIT=65536
# Each proxied connection costs a proxy 2 fds; keep server limits inside our fd limit.
PROXY_MAXCONN=$(( (FD_LIMIT - 200) / 2 )); [[ $PROXY_MAXCONN -gt 8192 ]] && PROXY_MAXCONN=8192
for cell_c in "$CONNS" $([[ $ALL == 1 ]] && echo 256); do
  if (( cell_c + 64 > PROXY_MAXCONN )); then
    echo "fd limit $FD_LIMIT too low for $cell_c connections (raise 'ulimit -n')" >&2; exit 1
  fi
done

# ---------------------------------------------------------------- work dir
TS="$(date +%Y%m%d-%H%M%S)"
OUT="${OUT:-$BENCH_DIR/out/$TS}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
mkdir -p "$OUT/www" "$OUT/tmp" "$OUT/raw"
# nginx workers run as 'nobody': every directory on the path must be traversable
# and the pages readable, otherwise the backend answers 403/404.
chmod 755 "$BENCH_DIR/out" 2>/dev/null || true
chmod -R a+rX "$OUT"
: > "$OUT/configs.txt"

# ---------------------------------------------------------------- process mgmt
PGIDS=()
WRK_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$WRK_PID" ]]; then kill -TERM "$WRK_PID" 2>/dev/null || true; fi
  local p
  for p in "${PGIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for p in "${PGIDS[@]}"; do kill -0 -- "-$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for p in "${PGIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
  [[ ${#PGIDS[@]} -gt 0 ]] && log "stopped ${#PGIDS[@]} process group(s); output in $OUT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME CMD... : run in its own session/process group (pid == pgid), log to $OUT/NAME.log
start() {
  local name="$1"; shift
  setsid "$@" >"$OUT/$name.log" 2>&1 < /dev/null &
  local pid=$!
  PGIDS+=("$pid")
  eval "PID_$name=$pid"
}

# wait_http URL EXPECTED_STATUS TIMEOUT_S PID [curl args...]
wait_http() {
  local url="$1" want="$2" timeout="$3" pid="$4"; shift 4
  local deadline=$((SECONDS + timeout)) code
  while (( SECONDS < deadline )); do
    kill -0 "$pid" 2>/dev/null || return 2
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" || true)"
    [[ "$code" == "$want" ]] && return 0
    sleep 0.25
  done
  return 1
}

# cpu_busy_pct SECONDS: % of all CPU time that was not idle/iowait over the interval
cpu_busy_pct() {
  local a b
  a=($(head -1 /proc/stat)); sleep "$1"; b=($(head -1 /proc/stat))
  local i tot=0 idle
  for i in 1 2 3 4 5 6 7 8; do tot=$(( tot + b[i] - a[i] )); done
  idle=$(( b[4] - a[4] + b[5] - a[5] ))
  (( tot > 0 )) && echo $(( 100 * (tot - idle) / tot )) || echo 0
}
# cpu_steal_snapshot: "total steal" jiffies from /proc/stat
cpu_steal_snapshot() { local a; a=($(head -1 /proc/stat)); echo "$(( a[1]+a[2]+a[3]+a[4]+a[5]+a[6]+a[7]+a[8] )) ${a[8]}"; }

# ---------------------------------------------------------------- ports & pages
read -r P_BACKEND P_NGINX P_HAPROXY P_GW P_GW_ADMIN P_GWB P_GWB_ADMIN < <(python3 "$STATS" ports 7)
HOST_HDR="bench.shops.test"

python3 - "$OUT/www" <<'EOF'
import sys, os
d = sys.argv[1]
for name, size in (("page-2k.html", 2048), ("page-64k.html", 65536)):
    head = "<!doctype html><html><head><title>bench</title></head><body><p>"
    tail = "</p></body></html>\n"
    filler = ("lorem ipsum dolor sit amet " * (size // 27 + 2))[: size - len(head) - len(tail)]
    body = head + filler + tail
    assert len(body.encode()) == size, (name, len(body))
    with open(os.path.join(d, name), "w") as f:
        f.write(body)
EOF
chmod -R a+rX "$OUT/www"
page_size() { [[ "$1" == 64k ]] && echo 65536 || echo 2048; }

# ---------------------------------------------------------------- configs
nginx_common_http() {  # $1 = name (for temp dirs)
  local t="$OUT/tmp/$1"
  mkdir -p "$t"
  cat <<EOF
  access_log off;
  client_body_temp_path $t/body;
  proxy_temp_path $t/proxy;
  fastcgi_temp_path $t/fastcgi;
  uwsgi_temp_path $t/uwsgi;
  scgi_temp_path $t/scgi;
  default_type text/html;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  tcp_nodelay on;
EOF
}

cat > "$OUT/backend-nginx.conf" <<EOF
# Backend origin: static pages, keep-alive, deliberately small (see README).
worker_processes $BACKEND_WORKERS;
daemon off;
master_process on;
pid $OUT/backend-nginx.pid;
error_log $OUT/backend-nginx.error.log warn;
worker_rlimit_nofile $FD_LIMIT;
events { worker_connections $PROXY_MAXCONN; }
http {
$(nginx_common_http backend)
  sendfile on;
  tcp_nopush on;
  open_file_cache max=16 inactive=60s;
  etag off;
  server {
    listen 127.0.0.1:$P_BACKEND backlog=4096;
    server_name _;
    root $OUT/www;
    location / { }
  }
}
EOF

cat > "$OUT/proxy-nginx.conf" <<EOF
# nginx as reverse proxy with an upstream keep-alive pool.
worker_processes auto;
daemon off;
master_process on;
pid $OUT/proxy-nginx.pid;
error_log $OUT/proxy-nginx.error.log warn;
worker_rlimit_nofile $FD_LIMIT;
events { worker_connections $PROXY_MAXCONN; }
http {
$(nginx_common_http proxy)
  upstream backend {
    server 127.0.0.1:$P_BACKEND;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$P_NGINX backlog=4096;
    server_name _;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # enough buffer memory for a 64 KB response, and never spill to disk
      proxy_buffer_size 16k;
      proxy_buffers 8 16k;
      proxy_max_temp_file_size 0;
    }
  }
}
EOF

cat > "$OUT/haproxy.cfg" <<EOF
# HAProxy as reverse proxy; no 'log' lines = no logging.
global
  nbthread 2
  maxconn $PROXY_MAXCONN
  pidfile $OUT/haproxy.pid
defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 75s
  timeout http-request 10s
frontend fe
  bind 127.0.0.1:$P_HAPROXY
  default_backend be
backend be
  server s1 127.0.0.1:$P_BACKEND
EOF

cat > "$OUT/gateway.yaml" <<EOF
listen: 127.0.0.1:$P_GW
admin:
  listen: 127.0.0.1:$P_GW_ADMIN
  tokenEnv: SHOPSET_ADMIN_TOKEN
platformDomains: [shops.test]
replicas: 1
tiers: [{name: prod, level: 30}]
failureDomains: [{name: dc-a}]
shopsets:
  - {name: bench-a, tier: prod, configuration: production, failureDomain: dc-a, endpoints: ["127.0.0.1:$P_BACKEND"]}
shops:
  - {id: bench, shopsets: [bench-a]}
# nginx and HAProxy run with access logs off; so does the gateway here.
accessLog: {enabled: false}
# wrk is one client address: lift the tenant limits so the bench measures proxying, not throttling.
limits:
  shop: {requestsPerSecond: 100000000, burst: 100000000, maxConcurrent: 1000000}
  client: {requestsPerSecond: 100000000, burst: 100000000}
  clientTotal: {requestsPerSecond: 100000000, burst: 100000000}
EOF
# the A/B gateway: the same config on its own ports
sed -e "s/127.0.0.1:$P_GW_ADMIN\$/127.0.0.1:$P_GWB_ADMIN/" -e "s/^listen: 127.0.0.1:$P_GW\$/listen: 127.0.0.1:$P_GWB/" \
  "$OUT/gateway.yaml" > "$OUT/gatewayb.yaml"
chmod -R a+rX "$OUT"

# ---------------------------------------------------------------- machine info
{
  echo "date:     $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
  echo "nproc:    $(nproc)"
  echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel:   $(uname -srm)"
  echo "memory:   $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "java:     $( (java -version 2>&1 || echo 'not installed') | head -2 | tr '\n' ' ')"
  echo "nginx:    $(nginx -v 2>&1)"
  echo "haproxy:  $(haproxy -v 2>&1 | head -1)"
  echo "wrk:      $(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//')"
  echo "repo:     $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO_DIR" diff --quiet HEAD -- 2>/dev/null || echo ' (dirty tree)')"
  echo "gateway:  $GATEWAY_BIN"
  [[ -z "$GATEWAY_B_BIN" ]] || echo "gatewayb: $GATEWAY_B_BIN"
} > "$OUT/machine.txt"
{
  echo "targets:          ${TARGETS[*]}"
  echo "matrix:           ${MATRIX[*]}   (connections:page)"
  echo "wrk:              -t$THREADS -d${DURATION}s --latency -H 'Host: $HOST_HDR', keep-alive"
  echo "rounds:           $ROUNDS counted, alternating targets in rotated order; warm-up ${WARMUP}s per target per config (not counted)"
  echo "backend:          nginx worker_processes $BACKEND_WORKERS, static file, keep-alive"
  echo "nginx proxy:      worker_processes auto ($(nproc)), upstream keepalive 64, HTTP/1.1"
  echo "haproxy:          nbthread 2, mode http, http-reuse always"
  echo "gateway:          bin/shopset serve --config gateway.yaml"
  [[ -z "$GATEWAY_B_BIN" ]] || echo "gatewayb:         $GATEWAY_B_BIN serve --config gatewayb.yaml (A/B build)"
  echo "ports:            backend $P_BACKEND, nginx $P_NGINX, haproxy $P_HAPROXY, gateway $P_GW (admin $P_GW_ADMIN)${GATEWAY_B_BIN:+, gatewayb $P_GWB (admin $P_GWB_ADMIN)}"
} > "$OUT/params.txt"
BUSY_BEFORE="$(cpu_busy_pct 2)"
echo "idle check: ${BUSY_BEFORE}% CPU busy over 2 s before starting (load avg $(cut -d' ' -f1-3 /proc/loadavg))" >> "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2
if (( BUSY_BEFORE > 10 )); then
  log "WARNING: the machine is already ${BUSY_BEFORE}% busy before the benchmark starts (other builds/tests?)."
  log "WARNING: on 2 cores this skews every target; results will be noisy. Top CPU users right now:"
  ps -eo pid,pcpu,comm --sort=-pcpu | head -6 >&2 || true
fi

# ---------------------------------------------------------------- start servers
declare -A URL_BASE
URL_BASE[direct]="http://127.0.0.1:$P_BACKEND"
URL_BASE[nginx]="http://127.0.0.1:$P_NGINX"
URL_BASE[haproxy]="http://127.0.0.1:$P_HAPROXY"
URL_BASE[gateway]="http://127.0.0.1:$P_GW"
URL_BASE[gatewayb]="http://127.0.0.1:$P_GWB"
declare -A ADMIN_PORT=([gateway]="$P_GW_ADMIN" [gatewayb]="$P_GWB_ADMIN")
declare -A LAUNCHER=([gateway]="$GATEWAY_BIN" [gatewayb]="$GATEWAY_B_BIN")

nginx -t -q -p "$OUT/" -e "$OUT/backend-nginx.error.log" -c "$OUT/backend-nginx.conf"
start backend nginx -p "$OUT/" -e "$OUT/backend-nginx.error.log" -c "$OUT/backend-nginx.conf"
if ! wait_http "${URL_BASE[direct]}/page-2k.html" 200 10 "$PID_backend"; then
  echo "backend nginx did not come up; see $OUT/backend.log and backend-nginx.error.log" >&2
  tail -n 20 "$OUT/backend.log" "$OUT/backend-nginx.error.log" >&2 || true
  exit 1
fi
log "backend nginx up on 127.0.0.1:$P_BACKEND (worker_processes $BACKEND_WORKERS)"

ACTIVE=()
disable_target() { log "SKIPPING $1: $2"; }

# start_gateway NAME: starts launcher LAUNCHER[NAME] with OUT/NAME.yaml; returns 1 (having said why)
# when it is missing, not ready in time, or does not serve the page
start_gateway() {
  local name="$1" bin="${LAUNCHER[$1]}" admin="${ADMIN_PORT[$1]}" rc why code pid
  if [[ ! -x "$bin" ]]; then
    echo "" >&2
    echo "*** ShopSet gateway launcher not found or not executable: $bin" >&2
    echo "*** (build it first, or pass --gateway-bin / --gateway-b PATH). Benchmarking the other targets only." >&2
    echo "" >&2
    return 1
  fi
  if [[ -z "${SHOPSET_ADMIN_TOKEN:-}" ]]; then
    SHOPSET_ADMIN_TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    export SHOPSET_ADMIN_TOKEN
  fi
  pushd "$REPO_DIR" >/dev/null
  start "$name" "$bin" serve --config "$OUT/$name.yaml"
  popd >/dev/null
  pid="$(eval echo "\$PID_$name")"
  log "waiting up to ${GW_READY_TIMEOUT}s for $name /readyz on 127.0.0.1:$admin"
  rc=0
  wait_http "http://127.0.0.1:$admin/readyz" 200 "$GW_READY_TIMEOUT" "$pid" || rc=$?
  if [[ $rc != 0 ]]; then
    [[ $rc == 2 ]] && why="process exited" || why="no 200 from /readyz within ${GW_READY_TIMEOUT}s"
    echo "*** $name not ready ($why). Last lines of $OUT/$name.log:" >&2
    tail -n 30 "$OUT/$name.log" >&2 || true
    echo "*** (bin/shopset builds app/target/shopset.jar on first use; if that is what timed out," >&2
    echo "***  build it first with 'mvn -q -B -DskipTests package' or pass --gateway-ready-timeout 300)" >&2
    disable_target "$name" "$why"
    kill -TERM -- "-$pid" 2>/dev/null || true
    return 1
  fi
  if ! wait_http "${URL_BASE[$name]}/page-2k.html" 200 10 "$pid" -H "Host: $HOST_HDR"; then
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: $HOST_HDR" "${URL_BASE[$name]}/page-2k.html" || true)"
    disable_target "$name" "ready, but GET /page-2k.html with Host: $HOST_HDR answered '$code' (expected 200) for 10s"
    kill -TERM -- "-$pid" 2>/dev/null || true
    return 1
  fi
  log "$name up on ${URL_BASE[$name]} ($bin)"
}

for t in "${TARGETS[@]}"; do
  case "$t" in
    direct) ACTIVE+=(direct) ;;
    nginx)
      nginx -t -q -p "$OUT/" -e "$OUT/proxy-nginx.error.log" -c "$OUT/proxy-nginx.conf"
      start nginxproxy nginx -p "$OUT/" -e "$OUT/proxy-nginx.error.log" -c "$OUT/proxy-nginx.conf"
      if wait_http "${URL_BASE[nginx]}/page-2k.html" 200 10 "$PID_nginxproxy"; then
        ACTIVE+=(nginx); log "nginx proxy up on 127.0.0.1:$P_NGINX"
      else
        disable_target nginx "did not answer 200; see $OUT/nginxproxy.log"
      fi ;;
    haproxy)
      haproxy -c -q -f "$OUT/haproxy.cfg"
      start haproxy haproxy -db -f "$OUT/haproxy.cfg"
      if wait_http "${URL_BASE[haproxy]}/page-2k.html" 200 10 "$PID_haproxy"; then
        ACTIVE+=(haproxy); log "haproxy up on 127.0.0.1:$P_HAPROXY"
      else
        disable_target haproxy "did not answer 200; see $OUT/haproxy.log"
      fi ;;
    gateway|gatewayb)
      if start_gateway "$t"; then ACTIVE+=("$t"); fi ;;
  esac
done
[[ ${#ACTIVE[@]} -gt 0 ]] || { echo "no target could be started" >&2; exit 1; }

# Sanity: every active target returns the exact page for both sizes.
for t in "${ACTIVE[@]}"; do
  for pg in 2k 64k; do
    got="$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 5 -H "Host: $HOST_HDR" "${URL_BASE[$t]}/page-$pg.html" || true)"
    if [[ "$got" != "200 $(page_size "$pg")" ]]; then
      echo "sanity check failed for $t page-$pg: got '$got', expected '200 $(page_size "$pg")'" >&2
      exit 1
    fi
  done
done
log "sanity OK for: ${ACTIVE[*]}"

# ---------------------------------------------------------------- load
# group_cpu_ticks PGID: "TOTAL SYSTEM": user+system and system-only CPU clock ticks used so far by
# every process of the group
group_cpu_ticks() {
  local pgid="$1" total=0 sys=0 stat rest fields
  for stat in /proc/[0-9]*/stat; do
    stat="$(cat "$stat" 2>/dev/null)" || continue
    rest="${stat##*) }"              # fields from 3 on (the command name may hold spaces)
    read -r -a fields <<< "$rest"
    # fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15
    if [[ "${fields[2]}" == "$pgid" ]]; then
      total=$(( total + fields[11] + fields[12] )); sys=$(( sys + fields[12] ))
    fi
  done
  echo "$total $sys"
}

# the process group whose CPU a target's requests cost: the proxy itself, or the backend for direct
target_pgid() {
  case "$1" in
    direct) echo "$PID_backend" ;;
    nginx) echo "$PID_nginxproxy" ;;
    haproxy) echo "$PID_haproxy" ;;
    gateway) echo "$PID_gateway" ;;
    gatewayb) echo "$PID_gatewayb" ;;
  esac
}

# run_wrk TARGET CONNS PAGE DURATION OUTFILE: also writes OUTFILE.cpu ("ticks clk_tck sys_ticks")
# with the CPU the target's process group used during the run (all of it, and the kernel's part), so that CPU per request can be compared on a
# machine shared with other work (req/s there depends on what else runs; CPU per request much less)
# gateway_heap_bytes: the heap bytes the gateway's threads have allocated so far (its
# jvm_threads_allocated_bytes_total), or nothing when the metric cannot be read
gateway_heap_bytes() {
  curl -s --max-time 5 "http://127.0.0.1:${ADMIN_PORT[$1]}/metrics" 2>/dev/null \
    | awk '/^jvm_threads_allocated_bytes_total[ {]/ { v = $NF } END { if (v != "") printf "%.0f\n", v }' || true
}

run_wrk() {
  local t="$1" c="$2" pg="$3" d="$4" f="$5" pgid cpu0 cpu1 sys0 sys1 heap0="" heap1=""
  pgid="$(target_pgid "$t")"
  if [[ "$t" == gateway* ]]; then heap0="$(gateway_heap_bytes "$t")"; fi
  read -r cpu0 sys0 < <(group_cpu_ticks "$pgid")
  local began; began="$(date +%s.%N)"
  wrk -t"$THREADS" -c"$c" -d"${d}s" --latency --timeout 10s -H "Host: $HOST_HDR" \
    "${URL_BASE[$t]}/page-$pg.html" > "$f" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || log "wrk exited non-zero for $t (see $f)"
  WRK_PID=""
  # the round's span, to match it with the machine-speed probe's samples (summarize)
  echo "$began $(date +%s.%N)" > "$f.time"
  read -r cpu1 sys1 < <(group_cpu_ticks "$pgid")
  echo "$(( cpu1 - cpu0 )) $(getconf CLK_TCK) $(( sys1 - sys0 ))" > "$f.cpu"
  if [[ "$t" == gateway* ]]; then
    heap1="$(gateway_heap_bytes "$t")"
    # heap bytes every thread of the gateway allocated during the round (event loops, access log, metrics)
    if [[ -n "$heap0" && -n "$heap1" ]]; then echo "$(( heap1 - heap0 ))" > "$f.heap"; fi
  fi
}

read -r STEAL_TOT0 STEAL0 < <(cpu_steal_snapshot)
# The machine-speed probe: a fixed piece of CPU work every 0.25 s, its CPU time logged. On a shared
# host the same work takes up to 1.8x longer from one minute to the next (steal stays 0); the
# summary gives each target the probe's reading during its rounds, and ratios of rounds run
# back to back, so that a slow spell falling on one target's rounds shows instead of hiding.
start probe python3 "$STATS" probe "$OUT/speed.log"
total_s=$(( ${#MATRIX[@]} * ${#ACTIVE[@]} * (WARMUP + ROUNDS * DURATION) ))
log "load plan: ${MATRIX[*]} x targets (${ACTIVE[*]}) ~${total_s}s of load"
# Both builds of an A/B up: they run as one unit of the round order (see the rounds below).
AB_PAIR=0
[[ " ${ACTIVE[*]} " == *" gateway "* && " ${ACTIVE[*]} " == *" gatewayb "* ]] && AB_PAIR=1
for cell in "${MATRIX[@]}"; do
  c="${cell%%:*}"; pg="${cell##*:}"
  cfg="c$c-$pg"
  echo "$cfg" >> "$OUT/configs.txt"
  mkdir -p "$OUT/raw/$cfg"
  if [[ $WARMUP -gt 0 ]]; then
    for t in "${ACTIVE[@]}"; do
      # In two halves, so that each target has seen its connections close and new ones open (and
      # the gateway its /metrics read between rounds) before any round counts. Without that, the
      # gateway's JIT met those paths first in round 1: JFR showed 183 deoptimisations as the
      # warm-up's connections closed and C2 recompiling through round 1 (docs/performance.md).
      log "[$cfg] warm-up $t ${WARMUP}s"
      run_wrk "$t" "$c" "$pg" "$(( (WARMUP + 1) / 2 ))" "$OUT/raw/$cfg/warmup-$t.log"
      if (( WARMUP > 1 )); then
        sleep 1
        run_wrk "$t" "$c" "$pg" "$(( WARMUP / 2 ))" "$OUT/raw/$cfg/warmup2-$t.log"
      fi
      sleep 1
    done
  fi
  for r in $(seq 1 "$ROUNDS"); do
    # Each round starts one target further on (round 1: direct, nginx, haproxy, gateway; round 2:
    # nginx, haproxy, gateway, direct; ...), so no target always runs in the same place of a round.
    # The two builds of an A/B stay back to back and swap places every round (A B, B A, ...): in
    # session 7's A/Bs the build run second came out 3-7% ahead whichever it was (docs/performance.md).
    units=()
    for t in "${ACTIVE[@]}"; do
      if (( AB_PAIR )); then
        [[ "$t" == gatewayb ]] && continue
        if [[ "$t" == gateway ]]; then
          if (( r % 2 == 1 )); then t="gateway gatewayb"; else t="gatewayb gateway"; fi
        fi
      fi
      units+=("$t")
    done
    order=()
    for (( k = 0; k < ${#units[@]}; k++ )); do
      # shellcheck disable=SC2206
      order+=(${units[$(( (r - 1 + k) % ${#units[@]} ))]})
    done
    for t in "${order[@]}"; do
      f="$OUT/raw/$cfg/$t-r$r.txt"
      run_wrk "$t" "$c" "$pg" "$DURATION" "$f"
      read -r rps p50 p99 errs < <(python3 "$STATS" parse "$f")
      log "[$cfg] round $r/$ROUNDS $(printf '%-8s' "$t") req/s $rps  p50 ${p50}ms  p99 ${p99}ms  errors $errs"
      sleep 1
    done
  done
done

# ---------------------------------------------------------------- report
kill -TERM "$PID_probe" 2>/dev/null || true
read -r STEAL_TOT1 STEAL1 < <(cpu_steal_snapshot)
steal_pct=$(( STEAL_TOT1 > STEAL_TOT0 ? 100 * (STEAL1 - STEAL0) / (STEAL_TOT1 - STEAL_TOT0) : 0 ))
BUSY_AFTER="$(cpu_busy_pct 2)"
echo "during run: cpu steal ${steal_pct}%; after run (our servers idle): ${BUSY_AFTER}% CPU busy" >> "$OUT/machine.txt"
if (( BUSY_AFTER > 10 || steal_pct > 5 )); then
  log "WARNING: background CPU use after the run ${BUSY_AFTER}%, steal during run ${steal_pct}% - treat results as noisy."
fi
echo
echo "== machine =="
cat "$OUT/machine.txt"
echo
python3 "$STATS" summarize "$OUT"
echo
echo "Markdown: $OUT/results.md   (raw wrk output in $OUT/raw/)"
