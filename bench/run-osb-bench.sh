#!/usr/bin/env bash
# Load benchmark: the hello-broker sample (osb-broker-sdk path, basic auth on) against a bare
# JAX-RS endpoint doing the same JSON work (no SDK), both on Jersey 3.1 + Grizzly with the same
# JVM flags, both started by this script and measured one after the other in the same run.
#
#   bench/run-osb-bench.sh
#
# Environment (defaults): THREADS=2 CONNECTIONS=16 DURATION=10s WARMUP=30s ROUNDS=1 MODE=parallel
#   SDK_PORT, BARE_PORT (free ports picked at start; a port given must be free, or the script
#   stops) JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseParallelGC"
#   SKIP_BUILD=1 to reuse samples/hello-broker/target/hello-broker.jar (JAR=<path> to measure
#   another build of the sample, such as a copy of an older one)
# Why these defaults: under provision load the C2 compiler of the SDK's JVM stays busy for about
# 25 s (its compiler threads took 20 % of the process's CPU in the first 20 s, 0.1 % after 30 s),
# so a shorter warm-up measures the JIT; and the SDK's in-memory registry keeps every instance it
# provisions (about 0.9 KB with the sample's own data), so a 512 MB heap fills during the first
# minute and its garbage collection then dominates every figure (the bare endpoint keeps nothing).
# Prints requests/s of both servers and the ratio sdk/bare for GET /v2/catalog and
# PUT /v2/service_instances/{new id} (targets: catalog >= 1.0, provision >= 0.9 once warmed up), and each server's CPU time per
# request (from /proc/<pid>/stat) with the ratio bare/sdk ("cpu ratio").
#
# MODE=parallel (default): one wrk per server at the same time, so both see the same machine
#   noise; each gets about half the CPU and the ratio compares the CPU cost per request.
# MODE=sequential: the servers are driven one after the other (each alone on the machine);
#   on a shared, noisy box the ratio then swings with the neighbours' load.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
ROUNDS=${ROUNDS:-1}
MODE=${MODE:-parallel}
SDK_PORT=${SDK_PORT:-}
BARE_PORT=${BARE_PORT:-}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseParallelGC}
JAR=${JAR:-samples/hello-broker/target/hello-broker.jar}
USER_NAME=bench
PASSWORD=bench-secret-$RANDOM$RANDOM
WORK=$(mktemp -d)

# shellcheck source=bench/lib.sh
source bench/lib.sh
ensure_wrk
pick_port SDK_PORT; pick_port BARE_PORT

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$JAR" ]; then
  mvn -q -DskipTests package -pl samples/hello-broker -am
fi

trap cleanup EXIT

# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
HOST=127.0.0.1 PORT=$SDK_PORT BROKER_AUTH=basic BROKER_USERNAME=$USER_NAME BROKER_PASSWORD=$PASSWORD \
  java $JAVA_OPTS -jar "$JAR" >"$WORK/sdk.log" 2>&1 &
SDK_PID=$!
PIDS+=("$SDK_PID")
# shellcheck disable=SC2086
HOST=127.0.0.1 PORT=$BARE_PORT \
  java $JAVA_OPTS -cp "$JAR" io.github.osbsdk.samples.hello.bare.BareEndpointMain >"$WORK/bare.log" 2>&1 &
BARE_PID=$!
PIDS+=("$BARE_PID")
HZ=$(getconf CLK_TCK)

AUTH="Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"
VERSION="X-Broker-API-Version: 2.17"
SDK=http://127.0.0.1:$SDK_PORT
BARE=http://127.0.0.1:$BARE_PORT

wait_up "$SDK" 100; wait_up "$BARE" 100
require_alive "$SDK_PID" sdk; require_alive "$BARE_PID" bare

# Sanity: both answer what the benchmark expects.
for base in "$SDK" "$BARE"; do
  check 200 "$base/v2/catalog"
  check 201 -X PUT -H 'Content-Type: application/json' \
    -d '{"service_id":"6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60","plan_id":"6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f61","context":{"platform":"ibmcloud"},"parameters":{"location":"us-south"}}' \
    "$base/v2/service_instances/sanity-$RANDOM$RANDOM"
done
echo "catalog bytes: sdk $(curl -s -H "$AUTH" -H "$VERSION" "$SDK/v2/catalog" | wc -c)," \
  "bare $(curl -s -H "$AUTH" -H "$VERSION" "$BARE/v2/catalog" | wc -c)"

# start_wrk <out file> <duration> <base> <kind>: runs wrk in the background
start_wrk() {
  local out=$1 duration=$2 base=$3 kind=$4
  local args=(-t "$THREADS" -c "$CONNECTIONS" -d "$duration" -H "$AUTH" -H "$VERSION")
  if [ "$kind" = provision ]; then
    args+=(-s bench/provision.lua "$base/")
  else
    args+=("$base/v2/catalog")
  fi
  RUN_ID="r$RANDOM$RANDOM" wrk "${args[@]}" >"$out" 2>&1 &
  WRK_PIDS+=($!)
}

# measure <kind>: sets S and B to the requests/s of the SDK and the bare endpoint, and SC and
# BC to the server CPU time per request in microseconds (a figure the neighbours' load barely
# moves)
measure() {
  local kind=$1 s0 b0 s1 b1
  if [ "$MODE" = parallel ]; then
    start_wrk "$WORK/ws" "$WARMUP" "$SDK" "$kind"; start_wrk "$WORK/wb" "$WARMUP" "$BARE" "$kind"; wait_wrk
    s0=$(cpu_ticks "$SDK_PID"); b0=$(cpu_ticks "$BARE_PID")
    start_wrk "$WORK/s" "$DURATION" "$SDK" "$kind"; start_wrk "$WORK/b" "$DURATION" "$BARE" "$kind"; wait_wrk
    s1=$(cpu_ticks "$SDK_PID"); b1=$(cpu_ticks "$BARE_PID")
  else
    start_wrk "$WORK/ws" "$WARMUP" "$SDK" "$kind"; wait_wrk
    s0=$(cpu_ticks "$SDK_PID")
    start_wrk "$WORK/s" "$DURATION" "$SDK" "$kind"; wait_wrk
    s1=$(cpu_ticks "$SDK_PID")
    start_wrk "$WORK/wb" "$WARMUP" "$BARE" "$kind"; wait_wrk
    b0=$(cpu_ticks "$BARE_PID")
    start_wrk "$WORK/b" "$DURATION" "$BARE" "$kind"; wait_wrk
    b1=$(cpu_ticks "$BARE_PID")
  fi
  S=$(rps "$WORK/s" "sdk $kind"); B=$(rps "$WORK/b" "bare $kind")
  SC=$(per_request $((s1 - s0)) "$WORK/s")
  BC=$(per_request $((b1 - b0)) "$WORK/b")
}

echo "ports: sdk $SDK_PORT, bare $BARE_PORT; jar: $JAR; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(uname -sr); java: $(java -version 2>&1 | head -1)"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION per server after ${WARMUP} warm-up, MODE=$MODE;" \
  "JAVA_OPTS=$JAVA_OPTS"
declare -A SUM
for round in $(seq 1 "$ROUNDS"); do
  for kind in catalog provision; do
    measure "$kind"; s=$S; b=$B
    printf 'round %d %-9s sdk %8.1f req/s %6.0f us cpu/req | bare %8.1f req/s %6.0f us cpu/req | ratio %.3f (cpu %.3f)\n' \
      "$round" "$kind" "$s" "$SC" "$b" "$BC" "$(awk -v s="$s" -v b="$b" 'BEGIN {print s/b}')" \
      "$(awk -v s="$SC" -v b="$BC" 'BEGIN {print b/s}')"
    SUM[$kind-sdk]=$(awk -v a="${SUM[$kind-sdk]:-0}" -v x="$s" 'BEGIN {print a+x}')
    SUM[$kind-bare]=$(awk -v a="${SUM[$kind-bare]:-0}" -v x="$b" 'BEGIN {print a+x}')
    SUM[$kind-sdkcpu]=$(awk -v a="${SUM[$kind-sdkcpu]:-0}" -v x="$SC" 'BEGIN {print a+x}')
    SUM[$kind-barecpu]=$(awk -v a="${SUM[$kind-barecpu]:-0}" -v x="$BC" 'BEGIN {print a+x}')
  done
done
echo
printf '%-36s %10s %10s %7s %12s %12s %9s\n' request "sdk req/s" "bare req/s" ratio \
  "sdk us/req" "bare us/req" "cpu ratio"
for kind in catalog provision; do
  label="GET /v2/catalog"; [ "$kind" = provision ] && label="PUT /v2/service_instances/{new id}"
  s=$(awk -v a="${SUM[$kind-sdk]}" -v n="$ROUNDS" 'BEGIN {print a/n}')
  b=$(awk -v a="${SUM[$kind-bare]}" -v n="$ROUNDS" 'BEGIN {print a/n}')
  sc=$(awk -v a="${SUM[$kind-sdkcpu]}" -v n="$ROUNDS" 'BEGIN {print a/n}')
  bc=$(awk -v a="${SUM[$kind-barecpu]}" -v n="$ROUNDS" 'BEGIN {print a/n}')
  printf '%-36s %10.1f %10.1f %7.3f %12.0f %12.0f %9.3f\n' "$label" "$s" "$b" \
    "$(awk -v s="$s" -v b="$b" 'BEGIN {print s/b}')" "$sc" "$bc" "$(awk -v s="$sc" -v b="$bc" 'BEGIN {print b/s}')"
done
