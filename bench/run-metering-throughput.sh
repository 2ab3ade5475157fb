#!/usr/bin/env sh
# Sender throughput from a PostgreSQL outbox to the metering simulator: builds the benchmarks
# module, starts an embedded PostgreSQL, fills the outbox with RECORDS records (default 20000),
# starts a UsageReporter on it and reports records/s until the simulator has all of them.
# Usage: bench/run-metering-throughput.sh [records] [claim size]
# Target: 5,000 records/s or more.
set -eu
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -o -q -pl benchmarks -am package -DskipTests
fi
exec java -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp benchmarks/target/benchmarks.jar io.github.osbsdk.benchmarks.MeteringThroughput "$@"
