#!/usr/bin/env bash
# The database's share of a provision, measured without a broker: how much PostgreSQL CPU the
# PostgreSQL registry's statements cost per synchronous provision, next to the least any durable
# claim-and-finish costs, and next to the whole in-memory SDK provision, all in one run on one
# machine. It answers "how close to the in-memory path can a PostgreSQL-backed provision get
# here?" (issue 7's target: >= 0.5x) from first principles.
#
#   bench/run-state-floor.sh
#
# Steps:
# 1. StateBenchServer with BROKER_STORE=memory under wrk (bench/provision.lua, as
#    bench/run-state-bench.sh does): requests/s and the whole machine's CPU per provision
#    (broker, wrk and kernel: busy ticks of /proc/stat over the measured window).
# 2. A local PostgreSQL (benchmarks' BenchDatabase, the SDK's migrations applied) driven by
#    pgbench (-M prepared, CLIENTS connections, one thread) with, in turn:
#      bench/pgbench/round-trips.sql           two empty statements (two round trips, commits)
#      bench/pgbench/minimal-claim-finish.sql  insert a key, update it (two-column table)
#      bench/pgbench/sdk-provision.sql         the store's claim and finish statements
#    and the database's CPU per transaction (the postmaster, its children and the children it
#    reaped, from /proc/<pid>/stat; pgbench's own CPU is not counted).
# 3. The bound: on a machine whose cores are all busy, a PostgreSQL provision costs at least the
#    in-memory provision's machine CPU plus the database's CPU (its broker does all the in-memory
#    broker does, and more), so pg/memory <= M / (M + D).
#
# Environment (defaults): THREADS=2 CONNECTIONS=16 WARMUP=75s DURATION=10s CLIENTS=4
#   PGBENCH_WARMUP=10 PG_PORT=15433 MEM_PORT=18282 PG_SYNCHRONOUS_COMMIT=on
#   JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseParallelGC"
#   SKIP_BUILD=1 to reuse benchmarks/target/benchmarks.jar
#   (WARMUP 75 s: after 30 s the in-memory broker still spent 476 us of CPU per provision, its
#   JIT still compiling; after 75 s 142 us, as in the later rounds of run-state-bench.sh. A cold
#   M makes the bound look far looser than it is.)
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
WARMUP=${WARMUP:-75s}
DURATION=${DURATION:-10s}
CLIENTS=${CLIENTS:-4}
PGBENCH_WARMUP=${PGBENCH_WARMUP:-10}
MEM_PORT=${MEM_PORT:-18282}
export PG_PORT=${PG_PORT:-15433}
export PG_SYNCHRONOUS_COMMIT=${PG_SYNCHRONOUS_COMMIT:-on}
export PG_MIGRATE=1
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseParallelGC}
JAR=benchmarks/target/benchmarks.jar
USER_NAME=bench
PASSWORD=bench-secret-$RANDOM$RANDOM
WORK=$(mktemp -d)
export PG_DATA=$WORK/pgdata
SECONDS_MEASURED=${DURATION%s}

# shellcheck source=bench/lib.sh
source bench/lib.sh
ensure_wrk
ensure_command pgbench postgresql-client
build_benchmarks_jar
trap cleanup EXIT
HZ=$(getconf CLK_TCK)

# busy_ticks: the whole machine's non-idle CPU ticks (user, nice, system, irq, softirq, steal)
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# db_ticks: the postmaster's CPU and its reaped children's, plus its live children's
db_ticks() {
  local pm total pid
  pm=$(head -1 "$PG_DATA/postmaster.pid")
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
  for pid in $(ps -o pid= --ppid "$pm"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# 1. the in-memory SDK provision
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
PORT=$MEM_PORT BROKER_STORE=memory BROKER_USERNAME=$USER_NAME BROKER_PASSWORD=$PASSWORD \
  java $JAVA_OPTS -cp "$JAR" io.github.osbsdk.benchmarks.state.StateBenchServer \
  >"$WORK/mem.log" 2>&1 &
MEM_PID=$!
PIDS+=("$MEM_PID")
AUTH="Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"
VERSION="X-Broker-API-Version: 2.17"
MEM=http://127.0.0.1:$MEM_PORT
wait_up "$MEM" 150
wrk_provision() {
  RUN_ID="r$RANDOM$RANDOM" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$1" -H "$AUTH" -H "$VERSION" \
    -s bench/provision.lua "$MEM/" >"$2" 2>&1
}
wrk_provision "$WARMUP" "$WORK/warm"
b0=$(busy_ticks); m0=$(cpu_ticks "$MEM_PID")
wrk_provision "$DURATION" "$WORK/mem"
b1=$(busy_ticks); m1=$(cpu_ticks "$MEM_PID")
MEM_RPS=$(rps "$WORK/mem" "memory provision")
MEM_BROKER=$(per_request $((m1 - m0)) "$WORK/mem")
MEM_MACHINE=$(per_request $((b1 - b0)) "$WORK/mem")
MEM_UTIL=$(awk -v t=$((b1 - b0)) -v hz="$HZ" -v s="$SECONDS_MEASURED" -v n="$(nproc)" \
  'BEGIN {printf "%.0f", 100 * t / hz / s / n}')
kill "$MEM_PID"; wait "$MEM_PID" 2>/dev/null || true

# 2. the database alone
start_bench_database
PGB=(pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared)
"${PGB[@]}" -c 1 -t 1 -f bench/pgbench/setup.sql postgres >/dev/null
# the values the bench provider's provision binds (sizes matter for the rows and indexes)
VARS=(-D prefix=4b0e7a52-9c1d-4f3e-8a6b- -D opprefix=9d2c4e6f-1a3b-4c5d-8e7f-
  -D service=6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60 -D plan=6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f61
  -D fp=3f1d2a9e8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e
  -D 'params={"location":"us-south"}'
  -D 'ctx={"platform":"ibmcloud","account_id":"acct-bench","crn":"crn:v1:bluemix:public:hello-kv:us-south:a/acct-bench:bench::"}'
  -D ts=2026-12-02T14:00:00.123456Z -D owner=replica-6c1e2f3a-4b5d-4e6f-8a7b-9c0d1e2f3a4b
  -D dashboard=http://127.0.0.1:18280/dashboard/4b0e7a52-9c1d-4f3e-8a6b-1234)

echo "machine: $(nproc) cores, $(uname -sr); java: $(java -version 2>&1 | head -1); ${PG_VERSION:-PostgreSQL (embedded)}; synchronous_commit=$PG_SYNCHRONOUS_COMMIT"
echo "in-memory SDK provision (wrk -t$THREADS -c$CONNECTIONS, ${WARMUP} warm-up, ${DURATION}):" \
  "$(printf '%.0f' "$MEM_RPS") req/s, broker $(printf '%.0f' "$MEM_BROKER") us CPU/req," \
  "machine $(printf '%.0f' "$MEM_MACHINE") us CPU/req (cores ${MEM_UTIL} % busy)"
printf '%-28s %10s %16s %30s\n' "pgbench script ($CLIENTS clients)" "tx/s" "db us CPU/tx" \
  "bound pg/memory: M / (M + D)"
for script in round-trips minimal-claim-finish sdk-provision; do
  "${PGB[@]}" -c "$CLIENTS" -j 1 -T "$PGBENCH_WARMUP" "${VARS[@]}" -f "bench/pgbench/$script.sql" \
    postgres >/dev/null
  d0=$(db_ticks)
  "${PGB[@]}" -c "$CLIENTS" -j 1 -T "$SECONDS_MEASURED" "${VARS[@]}" \
    -f "bench/pgbench/$script.sql" postgres >"$WORK/$script.out"
  sleep 0.5   # the postmaster reaps the pgbench sessions' backends
  d1=$(db_ticks)
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$WORK/$script.out")
  awk -v tps="$tps" -v s="$SECONDS_MEASURED" -v d=$((d1 - d0)) -v hz="$HZ" -v m="$MEM_MACHINE" \
    -v name="$script" 'BEGIN {
      us = 1e6 * d / hz / (tps * s)
      printf "%-28s %10.0f %16.0f %30.3f\n", name, tps, us, m / (m + us)
    }'
done
