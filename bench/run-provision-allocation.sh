#!/usr/bin/env bash
# Bytes allocated and CPU time per provision, the SDK against a bare JAX-RS endpoint, on one
# thread through Jersey's in-process request pipeline (no sockets): benchmarks'
# ProvisionAllocation, alternating batches of each (default 20000 provisions, 8 rounds, the first
# four warm-up). Allocation per request barely depends on the machine's load, so it compares
# builds on a busy machine; CPU time only as the SDK/bare ratio of one run.
#
#   bench/run-provision-allocation.sh [BATCH [ROUNDS]]
#
# Environment: JAVA_OPTS (default "-Xms1g -Xmx1g -XX:+UseParallelGC"), SKIP_BUILD=1 to reuse
# benchmarks/target/benchmarks.jar, CLASSES_FIRST=<folder or jar> put before the jar on the class
# path (another build's broker-core classes, to compare two builds with one harness).
set -euo pipefail
cd "$(dirname "$0")/.."
BATCH=${1:-20000}
ROUNDS=${2:-8}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
JAR=benchmarks/target/benchmarks.jar
# shellcheck source=bench/lib.sh
source bench/lib.sh
build_benchmarks_jar
CP=$JAR
if [ -n "${CLASSES_FIRST:-}" ]; then
  CP=$CLASSES_FIRST:$JAR
fi
echo "machine: $(nproc) cores; java: $(java -version 2>&1 | head -1); JAVA_OPTS=$JAVA_OPTS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
java $JAVA_OPTS -Djava.util.logging.config.file=/dev/null -cp "$CP" \
  io.github.osbsdk.benchmarks.state.ProvisionAllocation "$BATCH" "$ROUNDS" 2>&1 \
  | grep -v -e 'checkProviderRuntime' -e '^WARNING: A provider'
