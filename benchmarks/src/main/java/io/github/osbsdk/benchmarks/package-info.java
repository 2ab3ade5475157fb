/**
 * JMH benchmarks of the SDK (run with {@code bench/run-iam-jmh.sh}; not part of the build's
 * tests).
 */
package io.github.osbsdk.benchmarks;
