package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static io.github.osbsdk.broker.metering.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthStatus;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** broker-metering's meters and health check. */
class UsageMetricsMicrometerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingListener listener = new RecordingListener();
  private MeteringSimulator sim;

  @BeforeEach
  void start() {
    sim = MeteringSimulator.start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private double records(String outcome) {
    var counter = registry.find("osb.metering.records").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void depthGaugeAndRecordOutcomesAreMeasuredAndTheUserListenerStillHears() {
    sim.faults().rejectRecordsOf(crn(2), 400, "E400", "refused");
    try (UsageReporter reporter = Fixtures.reporter(sim).listener(listener)
        .meterRegistry(registry).build()) {
      assertThat(registry.find("osb.metering.queue.depth").gauge().value()).isZero();
      ComponentHealth before = reporter.health().check();
      assertThat(before.status()).isEqualTo(HealthStatus.UP);
      assertThat(before.details()).containsEntry("depth", 0L).containsEntry("lastSend", "none");

      reporter.report(List.of(record(crn(1), 1, 5), record(crn(2), 1, 7)));
      // the outcome counters move after the outbox removed the records: wait for them too
      Await.until(() -> reporter.depth() == 0 && listener.rejected.size() == 1
          && records("delivered") + records("rejected") == 2, "answered and counted");

      assertThat(records("delivered")).isEqualTo(1);
      assertThat(records("rejected")).isEqualTo(1);
      assertThat(registry.find("osb.metering.queue.depth").gauge().value()).isZero();
      ComponentHealth after = reporter.health().check();
      assertThat(after.status()).isEqualTo(HealthStatus.UP);
      assertThat(after.details()).containsKey("lastSendAt");
      assertThat(after.details().get("lastSend")).isIn("delivered", "rejected");
    }
  }

  @Test
  void recordsSetAsideAsInvalidAreShownInTheHealthAndAGauge() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    outbox.invalid(2);
    try (UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox).meterRegistry(registry)
        .build()) {
      ComponentHealth health = reporter.health().check();
      assertThat(health.status()).isEqualTo(HealthStatus.UP);
      assertThat(health.details()).containsEntry("invalid", 2L);
      assertThat(registry.find("osb.metering.invalid").gauge().value()).isEqualTo(2);
    }
  }

  @Test
  void recordsRejectedByIbmAreShownAsTheOutboxHoldsThemInEveryReportersHealthAndGauge() {
    // before: only a per-process counter on the replica that sent it; the health said nothing
    sim.faults().rejectRecordsOf(crn(2), 424, "instance_metadata", "no such instance");
    InMemoryUsageOutbox shared = new InMemoryUsageOutbox();
    SimpleMeterRegistry otherRegistry = new SimpleMeterRegistry();
    try (UsageReporter sender = Fixtures.reporter(sim).outbox(shared).build();
        UsageReporter other = Fixtures.reporter(sim).outbox(shared)
            .meterRegistry(otherRegistry).build()) {
      sender.report(List.of(record(crn(2), 1, 7)));
      // either reporter's sender may claim it: wait on the outbox, not on one listener
      Await.until(() -> shared.rejected(1).size() == 1, "rejected");
      ComponentHealth health = other.health().check();
      assertThat(health.status()).isEqualTo(HealthStatus.UP);
      assertThat(health.details()).containsEntry("rejected", 1L);
      assertThat(otherRegistry.find("osb.metering.rejected").gauge().value()).isEqualTo(1);
      shared.discardRejected(shared.rejected(1).get(0).key());
      assertThat(otherRegistry.find("osb.metering.rejected").gauge().value()).isZero();
    }
  }

  @Test
  void aClosedReporterIsDown() {
    UsageReporter reporter = Fixtures.reporter(sim).build();
    reporter.close();
    ComponentHealth closed = reporter.health().check();
    assertThat(closed.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(closed.details()).containsKey("error");
  }

  @Test
  void aRegistryMustBeAMeterRegistry() {
    assertThatThrownBy(() -> UsageReporter.builder(Fixtures.PLANS).meterRegistry(new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MeterRegistry");
  }

  @Test
  void aRegistryThatIsNoMeterRegistryIsRefusedAtOnceNamingItsClass() {
    assertThatThrownBy(() -> Fixtures.reporter(sim).meterRegistry(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("meterRegistry must be a io.micrometer.core.instrument"
            + ".MeterRegistry, not a java.util.");
  }
}
