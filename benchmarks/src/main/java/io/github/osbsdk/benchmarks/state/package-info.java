/**
 * The state benchmarks: an SDK broker served on Jersey + Grizzly with its registry in memory or
 * in PostgreSQL ({@code bench/run-state-bench.sh}), a local PostgreSQL for it, and the in-memory
 * registry's heap per instance ({@code bench/run-instance-footprint.sh}).
 */
package io.github.osbsdk.benchmarks.state;
