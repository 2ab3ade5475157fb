package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests of a {@link UsageReporter} sending to a fresh metering simulator: before each test the
 * simulator starts and {@link #reporter} is built on it ({@link Fixtures#reporter}) with a
 * {@link RecordingListener}; after it both are closed.
 */
abstract class WithMeteringSimulator {
  MeteringSimulator sim;
  RecordingListener listener;
  UsageReporter reporter;

  @BeforeEach
  void start() {
    sim = MeteringSimulator.start();
    listener = new RecordingListener();
    reporter = Fixtures.reporter(sim).listener(listener).build();
  }

  @AfterEach
  void stop() {
    reporter.close();
    sim.close();
  }
}
