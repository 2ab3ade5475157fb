package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static io.github.osbsdk.broker.metering.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Closing a reporter on the default, in-memory outbox: a record whose send failed once (a 503
 * during a deploy) and whose backoff ends well before the flush deadline is sent within the
 * flush, as the sender would have a second later. Not waiting for it loses it with the process:
 * unbilled usage, although the flush timeout left time to send it.
 */
class UsageReporterInMemoryCloseTest extends WithMeteringSimulator {
  @Test
  void closeOnAnInMemoryOutboxSendsARecordWhoseBackoffEndsBeforeTheFlushDeadline() {
    reporter.close();
    sim.faults().failNext(1, 503);
    RecordingListener heard = new RecordingListener();
    // the defaults: 1 s first backoff, 10 s flush timeout
    UsageReporter r = Fixtures.reporter(sim).listener(heard)
        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
        .flushTimeout(Duration.ofSeconds(10)).build();
    r.report(record(crn(1), 2, 3));
    Await.until(() -> !heard.retryReasons.isEmpty(), "answered 503, in backoff for <= 1 s");
    r.close();
    assertThat(r.dropped()).isZero();
    assertThat(sim.acceptedRecords()).hasSize(1);
    sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
  }
}
