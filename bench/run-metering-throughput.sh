#!/usr/bin/env sh
# Sender throughput from a PostgreSQL outbox to the metering simulator: builds the benchmarks
# module, starts an embedded PostgreSQL, fills the outbox with RECORDS records (default 20000),
# starts a UsageReporter on it and reports records/s until the simulator has all of them.
# Usage: bench/run-metering-throughput.sh [records] [claim size] [rounds]   (rounds: default 2,
# a warm-up round and the measured one)
# JAVA_OPTS passes JVM flags, e.g. -Dsun.net.httpserver.nodelay=true (TCP_NODELAY on the
# simulator's JDK HTTP server, which otherwise adds Nagle/delayed-ACK stalls IBM does not have).
# Target: 5,000 records/s or more.
set -eu
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -o -q -pl benchmarks -am package -DskipTests
fi
exec java -Xms256m -Xmx512m ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp benchmarks/target/benchmarks.jar io.github.osbsdk.benchmarks.MeteringThroughput "$@"
