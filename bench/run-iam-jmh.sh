#!/usr/bin/env sh
# Builds the JMH benchmarks module and runs the IAM token-verification benchmark.
# Usage: bench/run-iam-jmh.sh [extra JMH args]   (default: a short run, about 1 minute)
# Targets: iamAuthenticatorCold >= 0.9 x bareParseAndVerify; iamAuthenticatorCached >= 10 x it.
set -eu
cd "$(dirname "$0")/.."
mvn -o -q -pl benchmarks -am package -DskipTests
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 2 -i 3 -w 1s -r 2s
fi
exec java -jar benchmarks/target/benchmarks.jar TokenVerificationBenchmark "$@"
