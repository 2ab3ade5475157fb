package io.github.osbsdk.benchmarks;

import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageMeter;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of {@code UsageMeter.add} on the caller's thread (target: at most 1 us on average),
 * with the meter's background thread persisting counts every second to the default in-memory
 * outbox, as in production. {@code oneSeries}: one instance, plan and measure;
 * {@code manyInstances}: 1024 instances in turn (the lookups miss the CPU caches more often);
 * {@code manyInstancesTwoThreads}: the same from two threads at once (contention on the striped
 * adders).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MeterAddBenchmark {
  private static final String PLAN = "metered";
  private static final String MEASURE = "API_CALL";
  private static final int INSTANCES = 1024;

  private MeteringSimulator simulator;
  private UsageReporter reporter;
  private UsageMeter meter;
  private final String[] instances = new String[INSTANCES];

  /** The index of the next instance, per thread. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** Starts a simulator, a reporter and a meter, and sees every instance once. */
  @Setup(Level.Trial)
  public void setUp() {
    simulator = MeteringSimulator.start();
    reporter = UsageReporter.builder(MeteredPlans.of(MeteredPlan.of("bench", PLAN, MEASURE)))
        .baseUrl(simulator.baseUrl())
        .tokenSource(() -> "bench-token")
        .build();
    meter = UsageMeter.builder(reporter).build();
    for (int i = 0; i < INSTANCES; i++) {
      instances[i] = "crn:v1:bluemix:public:bench:us-south:a/acct:instance-" + i + "::";
      meter.add(instances[i], PLAN, MEASURE, 1);
    }
  }

  /** Closes the meter, reporter and simulator. */
  @TearDown(Level.Trial)
  public void tearDown() {
    reporter.close();
    simulator.close();
  }

  /** Counts 1 for one instance. */
  @Benchmark
  public void oneSeries() {
    meter.add(instances[0], PLAN, MEASURE, 1);
  }

  /**
   * Counts 1 for the next of 1024 instances.
   *
   * @param cursor this thread's position
   */
  @Benchmark
  public void manyInstances(Cursor cursor) {
    meter.add(instances[cursor.next++ & (INSTANCES - 1)], PLAN, MEASURE, 1);
  }

  /**
   * Counts 1 for the next of 1024 instances, from two threads.
   *
   * @param cursor this thread's position
   */
  @Benchmark
  @Threads(2)
  public void manyInstancesTwoThreads(Cursor cursor) {
    meter.add(instances[cursor.next++ & (INSTANCES - 1)], PLAN, MEASURE, 1);
  }
}
