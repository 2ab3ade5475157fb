#!/usr/bin/env bash
# Load benchmark: the hello-broker sample (osb-broker-sdk path, basic auth on) against a bare
# JAX-RS endpoint doing the same JSON work (no SDK), both on Jersey 3.1 + Grizzly with the same
# JVM flags, both started by this script and measured one after the other in the same run.
#
#   bench/run-osb-bench.sh
#
# Environment (defaults): THREADS=2 CONNECTIONS=16 DURATION=10s WARMUP=5s ROUNDS=1
#   SDK_PORT=18080 BARE_PORT=18081 JAVA_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC"
#   SKIP_BUILD=1 to reuse samples/hello-broker/target/hello-broker.jar
# Prints requests/s of both servers and the ratio sdk/bare for GET /v2/catalog and
# PUT /v2/service_instances/{new id}. Target: ratio >= 0.85.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
ROUNDS=${ROUNDS:-1}
SDK_PORT=${SDK_PORT:-18080}
BARE_PORT=${BARE_PORT:-18081}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
JAR=samples/hello-broker/target/hello-broker.jar
USER_NAME=bench
PASSWORD=bench-secret-$RANDOM$RANDOM
WORK=$(mktemp -d)

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk not found: installing it (apt-get install -y wrk)" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -q wrk >/dev/null || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q wrk >/dev/null; }
fi

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$JAR" ]; then
  mvn -q -DskipTests package -pl samples/hello-broker -am
fi

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
HOST=127.0.0.1 PORT=$SDK_PORT BROKER_AUTH=basic BROKER_USERNAME=$USER_NAME BROKER_PASSWORD=$PASSWORD \
  java $JAVA_OPTS -jar "$JAR" >"$WORK/sdk.log" 2>&1 &
PIDS+=($!)
# shellcheck disable=SC2086
HOST=127.0.0.1 PORT=$BARE_PORT \
  java $JAVA_OPTS -cp "$JAR" io.github.osbsdk.samples.hello.bare.BareEndpointMain >"$WORK/bare.log" 2>&1 &
PIDS+=($!)

AUTH="Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)"
VERSION="X-Broker-API-Version: 2.17"
SDK=http://127.0.0.1:$SDK_PORT
BARE=http://127.0.0.1:$BARE_PORT

wait_up() {
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null -H "$AUTH" -H "$VERSION" "$1/v2/catalog"; then return 0; fi
    sleep 0.2
  done
  echo "server at $1 did not start; logs:" >&2; cat "$WORK"/*.log >&2; exit 1
}
wait_up "$SDK"; wait_up "$BARE"

# Sanity: both answer what the benchmark expects.
check() {
  local want=$1; shift
  local got; got=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "$AUTH" -H "$VERSION" "$@")
  if [ "$got" != "$want" ]; then
    echo "sanity check failed: expected $want, got $got for: $*" >&2; cat "$WORK/body" >&2; exit 1
  fi
}
for base in "$SDK" "$BARE"; do
  check 200 "$base/v2/catalog"
  check 201 -X PUT -H 'Content-Type: application/json' \
    -d '{"service_id":"6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f60","plan_id":"6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f61","parameters":{"location":"us-south"}}' \
    "$base/v2/service_instances/sanity-$RANDOM$RANDOM"
done
echo "catalog bytes: sdk $(curl -s -H "$AUTH" -H "$VERSION" "$SDK/v2/catalog" | wc -c)," \
  "bare $(curl -s -H "$AUTH" -H "$VERSION" "$BARE/v2/catalog" | wc -c)"

# run <name> <base> <kind>: prints requests/s (and warns on non-2xx answers)
run() {
  local name=$1 base=$2 kind=$3 out rps errors
  local args=(-t "$THREADS" -c "$CONNECTIONS" -H "$AUTH" -H "$VERSION")
  local url="$base/v2/catalog"
  if [ "$kind" = provision ]; then args+=(-s bench/provision.lua); url="$base/"; fi
  RUN_ID="w$RANDOM$RANDOM" wrk "${args[@]}" -d "$WARMUP" "$url" >/dev/null
  out=$(RUN_ID="m$RANDOM$RANDOM" wrk "${args[@]}" -d "$DURATION" "$url")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  if [ -n "$errors" ]; then echo "WARNING: $name $kind: $errors non-2xx answers" >&2; fi
  echo "$rps"
}

echo "machine: $(nproc) cores, $(uname -sr); java: $(java -version 2>&1 | head -1)"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION after ${WARMUP} warm-up; JAVA_OPTS=$JAVA_OPTS"
declare -A SUM
for round in $(seq 1 "$ROUNDS"); do
  for kind in catalog provision; do
    s=$(run sdk "$SDK" "$kind"); b=$(run bare "$BARE" "$kind")
    printf 'round %d %-9s sdk %10.1f req/s  bare %10.1f req/s  ratio %.3f\n' \
      "$round" "$kind" "$s" "$b" "$(awk -v s="$s" -v b="$b" 'BEGIN {print s/b}')"
    SUM[$kind-sdk]=$(awk -v a="${SUM[$kind-sdk]:-0}" -v x="$s" 'BEGIN {print a+x}')
    SUM[$kind-bare]=$(awk -v a="${SUM[$kind-bare]:-0}" -v x="$b" 'BEGIN {print a+x}')
  done
done
echo
printf '%-40s %12s %12s %7s\n' request "sdk req/s" "bare req/s" ratio
for kind in catalog provision; do
  label="GET /v2/catalog"; [ "$kind" = provision ] && label="PUT /v2/service_instances/{new id}"
  s=$(awk -v a="${SUM[$kind-sdk]}" -v n="$ROUNDS" 'BEGIN {print a/n}')
  b=$(awk -v a="${SUM[$kind-bare]}" -v n="$ROUNDS" 'BEGIN {print a/n}')
  printf '%-40s %12.1f %12.1f %7.3f\n' "$label" "$s" "$b" "$(awk -v s="$s" -v b="$b" 'BEGIN {print s/b}')"
done
