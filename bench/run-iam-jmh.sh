#!/usr/bin/env sh
# Builds the JMH benchmarks module and runs the IAM token-verification benchmark, then a
# CPU-time cross-check of the same paths (alternating batches on one thread; tolerant of a
# loaded machine, where JMH's wall-clock figures swing widely).
# Usage: bench/run-iam-jmh.sh [extra JMH args]   (default: a short run, about 1 minute)
# Targets: iamAuthenticatorCold >= 0.75 x bareParseAndVerify; iamAuthenticatorCached >= 10 x it.
set -eu
cd "$(dirname "$0")/.."
# the shade plugin would otherwise re-shade a stale benchmarks.jar (old classes win)
rm -f benchmarks/target/benchmarks.jar
mvn -o -q -pl benchmarks -am package -DskipTests
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 2 -i 3 -w 1s -r 2s
fi
java -jar benchmarks/target/benchmarks.jar TokenVerificationBenchmark "$@"
echo
echo "CPU-time cross-check (us of thread CPU per operation):"
java -cp benchmarks/target/benchmarks.jar io.github.osbsdk.benchmarks.TokenVerificationCpuTime 60 \
  2>/dev/null
