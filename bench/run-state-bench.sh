#!/usr/bin/env bash
# State benchmark: the SDK with its registry in PostgreSQL against the SDK with its registry in
# memory, same provider, same machine, same run. Starts a local PostgreSQL (embedded binaries
# from Maven Central, benchmarks' BenchDatabase), two StateBenchServer launchers (Jersey 3.1 +
# Grizzly, basic auth on, same JVM flags: one with BROKER_STORE=memory, one with the JDBC URL),
# and drives both with wrk:
#   PUT /v2/service_instances/{new id}                          (bench/provision.lua)
#   GET /v2/service_instances/{id}/last_operation?operation=..  (a finished async provision)
#   GET /v2/service_instances/{id}/last_operation?operation=..  (an async provision in progress)
# Targets (pg/memory requests/s): provision >= 0.5, last_operation >= 0.7. A finished operation
# never changes, so PostgresBrokerStore answers its polls from the replica's copy; an
# asynchronous operation in progress is answered from a copy too, which any replica's finish
# drops through a PostgreSQL notification (the figure of the third line).
#
#   bench/run-state-bench.sh
#
# Environment (defaults): THREADS=2 CONNECTIONS=16 DURATION=10s WARMUP=30s ROUNDS=2 WARM_ROUNDS=1
#   MODE=sequential
#   MEM_PORT=18280 PG_BROKER_PORT=18281 PG_PORT=15432 BROKER_DATABASE_POOL=10
#   PG_SYNCHRONOUS_COMMIT=on WORKER_THREADS=(Grizzly's default) JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseParallelGC"
#   (the in-memory broker keeps every instance it provisions, ~700 B each: a 512 MB heap fills up
#   in the second round and its GC then distorts every later figure)
#   SKIP_BUILD=1 to reuse benchmarks/target/benchmarks.jar
#   WARM_ROUNDS: whole rounds run first and printed as "warm-up", not counted in the averages:
#   the PostgreSQL broker serves a third as many provisions in its warm-up as the in-memory one,
#   and its still-running JIT then cost it 0.62-0.80 on the (identical, copy-served)
#   last_operation polls of the first round against 0.88-1.26 in the second
#   (WARMUP 30 s as in run-osb-bench.sh: under provision load C2 still took 17 % of the
#   in-memory broker's CPU and 26 % of the PostgreSQL broker's between 20 s and 40 s after the
#   start, per-thread /proc figures; the slower PostgreSQL broker reaches the compile thresholds
#   later in wall time, so a short warm-up measures its JIT more than its store)
# Prints requests/s of both servers and the ratio pg/memory, and CPU time per request: the
# broker's JVM, and for PostgreSQL also the database's processes (from /proc/<pid>/stat).
# MODE=sequential (default): one server after the other, each round measuring both.
# MODE=parallel: both servers at the same time, as run-osb-bench.sh does. On a small shared box
#   this measures the scheduler more than the store: the CPU-bound in-memory server keeps the
#   cores busy, and each PostgreSQL request waits for a time slice at every hop (broker ->
#   database -> broker, twice for a provision), so the PostgreSQL server stays cold (its JIT
#   CPU is spread over few requests) and its requests/s collapse.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
ROUNDS=${ROUNDS:-2}
WARM_ROUNDS=${WARM_ROUNDS:-1}
MODE=${MODE:-sequential}
MEM_PORT=${MEM_PORT:-18280}
PG_BROKER_PORT=${PG_BROKER_PORT:-18281}
export PG_PORT=${PG_PORT:-15432}
export PG_SYNCHRONOUS_COMMIT=${PG_SYNCHRONOUS_COMMIT:-on}
export BROKER_DATABASE_POOL=${BROKER_DATABASE_POOL:-10}
export WORKER_THREADS=${WORKER_THREADS:-}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseParallelGC}
JAR=benchmarks/target/benchmarks.jar
USER_NAME=bench
PASSWORD=bench-secret-$RANDOM$RANDOM
WORK=$(mktemp -d)
export PG_DATA=$WORK/pgdata

# shellcheck source=bench/lib.sh
source bench/lib.sh
ensure_wrk

build_benchmarks_jar

trap cleanup EXIT

# The database first: its JVM prints JDBC_URL=... once PostgreSQL accepts connections.
start_bench_database

# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
PORT=$MEM_PORT BROKER_STORE=memory BROKER_USERNAME=$USER_NAME BROKER_PASSWORD=$PASSWORD \
  java $JAVA_OPTS -cp "$JAR" io.github.osbsdk.benchmarks.state.StateBenchServer \
  >"$WORK/mem.log" 2>&1 &
MEM_PID=$!
PIDS+=("$MEM_PID")
# shellcheck disable=SC2086
PORT=$PG_BROKER_PORT BROKER_STORE=$JDBC_URL BROKER_USERNAME=$USER_NAME BROKER_PASSWORD=$PASSWORD \
  java $JAVA_OPTS -cp "$JAR" io.github.osbsdk.benchmarks.state.StateBenchServer \
  >"$WORK/pg.log" 2>&1 &
PG_PID=$!
PIDS+=("$PG_PID")
HZ=$(getconf CLK_TCK)

AUTH="Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"
VERSION="X-Broker-API-Version: 2.17"
MEM=http://127.0.0.1:$MEM_PORT
PG=http://127.0.0.1:$PG_BROKER_PORT
SERVICE=6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60
ASYNC_PLAN=6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f62

wait_up "$MEM" 150; wait_up "$PG" 150

# last_op_path <base>: provisions an async instance, waits until its operation succeeded, and
# prints the last_operation path to poll
last_op_path() {
  local base=$1 id op state
  id=lastop-$RANDOM$RANDOM
  check 202 -X PUT -H 'Content-Type: application/json' \
    -d "{\"service_id\":\"$SERVICE\",\"plan_id\":\"$ASYNC_PLAN\",\"context\":{\"platform\":\"ibmcloud\"},\"parameters\":{\"location\":\"us-south\"}}" \
    "$base/v2/service_instances/$id?accepts_incomplete=true"
  op=$(sed -n 's/.*"operation":"\([^"]*\)".*/\1/p' "$WORK/body")
  for _ in $(seq 1 100); do
    check 200 "$base/v2/service_instances/$id/last_operation?operation=$op"
    state=$(sed -n 's/.*"state":"\([^"]*\)".*/\1/p' "$WORK/body")
    [ "$state" = succeeded ] && { echo "/v2/service_instances/$id/last_operation?operation=$op"; return 0; }
    sleep 0.1
  done
  echo "the async provision on $base did not finish: $(cat "$WORK/body")" >&2; exit 1
}
for base in "$MEM" "$PG"; do
  check 201 -X PUT -H 'Content-Type: application/json' \
    -d "{\"service_id\":\"$SERVICE\",\"plan_id\":\"6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f61\",\"context\":{\"platform\":\"ibmcloud\"},\"parameters\":{\"location\":\"us-south\"}}" \
    "$base/v2/service_instances/sanity-$RANDOM$RANDOM"
done
MEM_LAST_OP=$(last_op_path "$MEM")
PG_LAST_OP=$(last_op_path "$PG")

# running_op_path <base>: provisions an async instance whose task waits until the server stops
# and prints the last_operation path to poll (answered "in progress")
running_op_path() {
  local base=$1 id op
  id=hold-$RANDOM$RANDOM
  check 202 -X PUT -H 'Content-Type: application/json' \
    -d "{\"service_id\":\"$SERVICE\",\"plan_id\":\"$ASYNC_PLAN\",\"context\":{\"platform\":\"ibmcloud\"}}" \
    "$base/v2/service_instances/$id?accepts_incomplete=true"
  op=$(sed -n 's/.*"operation":"\([^"]*\)".*/\1/p' "$WORK/body")
  check 200 "$base/v2/service_instances/$id/last_operation?operation=$op"
  grep -q '"state":"in progress"' "$WORK/body" \
    || { echo "the held provision on $base is not in progress: $(cat "$WORK/body")" >&2; exit 1; }
  echo "/v2/service_instances/$id/last_operation?operation=$op"
}
MEM_RUNNING_OP=$(running_op_path "$MEM")
PG_RUNNING_OP=$(running_op_path "$PG")

# pg_pids: the PostgreSQL server and its backends
pg_pids() {
  local pm; pm=$(head -1 "$PG_DATA/postmaster.pid")
  echo "$pm"; ps -o pid= --ppid "$pm" | tr -d " "
}

start_wrk() {
  local out=$1 duration=$2 base=$3 kind=$4
  local args=(-t "$THREADS" -c "$CONNECTIONS" -d "$duration" -H "$AUTH" -H "$VERSION")
  if [ "$kind" = provision ]; then
    args+=(-s bench/provision.lua "$base/")
    RUN_ID="r$RANDOM$RANDOM" wrk "${args[@]}" >"$out" 2>&1 &
  else
    local path=$MEM_LAST_OP; [ "$base" = "$PG" ] && path=$PG_LAST_OP
    if [ "$kind" = last_operation_running ]; then
      path=$MEM_RUNNING_OP; [ "$base" = "$PG" ] && path=$PG_RUNNING_OP
    fi
    args+=(-s bench/last-operation.lua "$base/")
    LAST_OP_PATH=$path wrk "${args[@]}" >"$out" 2>&1 &
  fi
  WRK_PIDS+=($!)
}

# measure <kind>: sets M and P (requests/s of memory and pg), MC and PC (broker CPU us/request)
# and DC (database CPU us/request)
measure() {
  local kind=$1 m0 p0 d0 m1 p1 d1
  mapfile -t DB_PIDS < <(pg_pids)
  if [ "$MODE" = parallel ]; then
    start_wrk "$WORK/wm" "$WARMUP" "$MEM" "$kind"; start_wrk "$WORK/wp" "$WARMUP" "$PG" "$kind"; wait_wrk
    m0=$(cpu_ticks "$MEM_PID"); p0=$(cpu_ticks "$PG_PID"); d0=$(cpu_ticks "${DB_PIDS[@]}")
    start_wrk "$WORK/m" "$DURATION" "$MEM" "$kind"; start_wrk "$WORK/p" "$DURATION" "$PG" "$kind"; wait_wrk
    m1=$(cpu_ticks "$MEM_PID"); p1=$(cpu_ticks "$PG_PID"); d1=$(cpu_ticks "${DB_PIDS[@]}")
  else
    start_wrk "$WORK/wm" "$WARMUP" "$MEM" "$kind"; wait_wrk
    m0=$(cpu_ticks "$MEM_PID")
    start_wrk "$WORK/m" "$DURATION" "$MEM" "$kind"; wait_wrk
    m1=$(cpu_ticks "$MEM_PID")
    start_wrk "$WORK/wp" "$WARMUP" "$PG" "$kind"; wait_wrk
    p0=$(cpu_ticks "$PG_PID"); d0=$(cpu_ticks "${DB_PIDS[@]}")
    start_wrk "$WORK/p" "$DURATION" "$PG" "$kind"; wait_wrk
    p1=$(cpu_ticks "$PG_PID"); d1=$(cpu_ticks "${DB_PIDS[@]}")
  fi
  M=$(rps "$WORK/m" "memory $kind"); P=$(rps "$WORK/p" "pg $kind")
  MC=$(per_request $((m1 - m0)) "$WORK/m")
  PC=$(per_request $((p1 - p0)) "$WORK/p")
  DC=$(per_request $((d1 - d0)) "$WORK/p")
}

echo "machine: $(nproc) cores, $(uname -sr); java: $(java -version 2>&1 | head -1); ${PG_VERSION:-PostgreSQL (embedded)}"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION per server after ${WARMUP} warm-up, MODE=$MODE;" \
  "JAVA_OPTS=$JAVA_OPTS; pool $BROKER_DATABASE_POOL; synchronous_commit=$PG_SYNCHRONOUS_COMMIT"
echo "brokers: $(grep -h 'state bench broker' "$WORK/mem.log" "$WORK/pg.log" | paste -sd ';')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A SUM
for round in $(seq 1 $((WARM_ROUNDS + ROUNDS))); do
  tag="round $((round - WARM_ROUNDS))"
  [ "$round" -le "$WARM_ROUNDS" ] && tag="warm-up $round"
  for kind in provision last_operation last_operation_running; do
    measure "$kind"
    printf '%-9s %-22s memory %8.1f req/s %5.0f us cpu/req | pg %8.1f req/s %5.0f us cpu/req + db %5.0f us | ratio %.3f | load %s\n' \
      "$tag" "$kind" "$M" "$MC" "$P" "$PC" "$DC" "$(awk -v p="$P" -v m="$M" 'BEGIN {print p/m}')" \
      "$(cut -d' ' -f1 /proc/loadavg)"
    [ "$round" -le "$WARM_ROUNDS" ] && continue
    for k in M P MC PC DC; do
      SUM[$kind-$k]=$(awk -v a="${SUM[$kind-$k]:-0}" -v x="${!k}" 'BEGIN {print a+x}')
    done
  done
done
echo
printf '%-44s %11s %9s %7s %11s %10s %9s\n' request "memory r/s" "pg r/s" ratio "mem us/req" \
  "pg us/req" "db us/req"
for kind in provision last_operation last_operation_running; do
  label="PUT /v2/service_instances/{new id}"
  [ "$kind" = last_operation ] && label="GET .../last_operation (finished async op)"
  [ "$kind" = last_operation_running ] && label="GET .../last_operation (op in progress)"
  avg() { awk -v a="${SUM[$kind-$1]}" -v n="$ROUNDS" 'BEGIN {print a/n}'; }
  m=$(avg M); p=$(avg P)
  printf '%-44s %11.1f %9.1f %7.3f %11.0f %10.0f %9.0f\n' "$label" "$m" "$p" \
    "$(awk -v p="$p" -v m="$m" 'BEGIN {print p/m}')" "$(avg MC)" "$(avg PC)" "$(avg DC)"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
