#!/usr/bin/env bash
# Live heap per instance in the SDK's in-memory registry (target: <= 800 B with 36-character
# ids). Runs benchmarks' InstanceFootprint: N provisions (default 200000, UUID ids, the body of
# bench/provision.lua, a dashboard URL per instance as the hello-broker sample answers) through
# the SDK's whole provision path in one JVM (Jersey's in-process request pipeline, no network),
# heap used after a full GC before and after, and the largest classes of the heap.
#
#   bench/run-instance-footprint.sh [N]
#
# Environment: JAVA_OPTS (default "-Xms1g -Xmx1g -XX:+UseParallelGC"), SKIP_BUILD=1 to reuse
# benchmarks/target/benchmarks.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
JAR=benchmarks/target/benchmarks.jar
# shellcheck source=bench/lib.sh
source bench/lib.sh
build_benchmarks_jar
echo "machine: $(nproc) cores; java: $(java -version 2>&1 | head -1); JAVA_OPTS=$JAVA_OPTS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags
java $JAVA_OPTS -Djava.util.logging.config.file=/dev/null -cp "$JAR" \
  io.github.osbsdk.benchmarks.state.InstanceFootprint "$N" --histogram 2>&1 \
  | grep -v -e 'checkProviderRuntime' -e '^WARNING: A provider'
