#!/usr/bin/env bash
# The conformance kit against two replicas of samples/hello-broker on one PostgreSQL, e.g. after
# the fault drills of bench/db-faults/run.sh (same database, same settings).
#
# Run from the repository root, after
#   mvn -q -B -pl samples/hello-broker,broker-testkit -am -DskipTests -DskipFuzz package \
#     -Dmaven.install.skip=true
#   PG_PORT=55534 bench/db-faults/kit.sh [OUT_DIR]
# Starts replicas on A_PORT/B_PORT (default 28380/28381), runs the kit's CLI with --url A --url B
# (the replicas.* rules included), stops both; exit status: the kit's.
set -euo pipefail
OUT=${1:-/tmp/db-faults-kit}
: "${PG_PORT:?PG_PORT: the port of the PostgreSQL cluster}"
A_PORT=${A_PORT:-28380} B_PORT=${B_PORT:-28381}
JAR=samples/hello-broker/target/hello-broker.jar
KIT=broker-testkit/target/broker-testkit-0.1.0-SNAPSHOT-cli.jar
mkdir -p "$OUT"
export BROKER_DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/broker"
export BROKER_DATABASE_USER=broker BROKER_DATABASE_PASSWORD=secret
export BROKER_AUTH=basic BROKER_PASSWORD=secret
export BROKER_CREDENTIALS_KEY=${BROKER_CREDENTIALS_KEY:-$(openssl rand -base64 32)}
PIDS=()
stop() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
for port in "$A_PORT" "$B_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is taken: choose A_PORT/B_PORT" >&2; exit 1
  fi
  PORT=$port java -Xmx256m -jar "$JAR" >>"$OUT/replica-$port.log" 2>&1 &
  PIDS+=($!)
done
for port in "$A_PORT" "$B_PORT"; do
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null -u broker:secret -H 'X-Broker-API-Version: 2.17' \
      "http://127.0.0.1:$port/v2/catalog" 2>/dev/null && break
    sleep 0.2
  done
done
OSB_PASSWORD=secret java -jar "$KIT" --url "http://127.0.0.1:$A_PORT" \
  --url "http://127.0.0.1:$B_PORT" --username broker \
  --async-plan 6f0e5c7a-2d3b-4c1e-9a8f-1b2c3d4e5f62 --concurrency --update --dashboard-url \
  2>&1 | tee "$OUT/kit.out"
exit "${PIPESTATUS[0]}"
