#!/usr/bin/env sh
# Builds the JMH benchmarks module and runs the UsageMeter.add benchmark (average ns per call on
# the caller's thread, with the meter's background persistence running).
# Usage: bench/run-metering-jmh.sh [extra JMH args]   (default: a short run, about 1 minute)
# Target: UsageMeter.add <= 1 us (1000 ns) on average.
set -eu
cd "$(dirname "$0")/.."
mvn -o -q -pl benchmarks -am package -DskipTests
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -i 5 -w 1s -r 2s
fi
java -jar benchmarks/target/benchmarks.jar MeterAddBenchmark "$@" 2>/dev/null
