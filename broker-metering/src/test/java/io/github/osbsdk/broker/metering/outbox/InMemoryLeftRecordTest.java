package io.github.osbsdk.broker.metering.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.LeftRecordContract;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The left-record contract on the in-memory outbox, and what only an outbox that follows its
 * callers' clocks can show: when a held record is due again.
 */
class InMemoryLeftRecordTest extends LeftRecordContract {
  private static final Instant NOW = Instant.parse("2026-01-02T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);

  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }

  @Test
  void aRecordEverySenderLeftIsDueForEverySenderFromTheLastOnesOwnTime() {
    UsageRecord r = UsageRecord.builder("crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::",
        "metered-nowhere").window(NOW.minus(Duration.ofHours(1)), NOW).measure("API_CALL", 3)
        .build();
    outbox.append(List.of(r));
    Instant second = NOW.plusSeconds(1);
    Instant aOwn = NOW.plus(Duration.ofMinutes(4));
    Instant bOwn = second.plus(Duration.ofMinutes(5));
    outbox.claim("a", 10, NOW, LEASE);
    outbox.leave("a", List.of(r.key()), second, aOwn);
    assertThat(outbox.claim("b", 10, second, LEASE)).hasSize(1);
    outbox.leave("b", List.of(r.key()), second.plusSeconds(1), bOwn);
    assertThat(outbox.claim("c", 10, aOwn, LEASE)).isEmpty();
    assertThat(outbox.claim("a", 10, bOwn.minusMillis(1), LEASE)).isEmpty();
    assertThat(outbox.claim("a", 10, bOwn, LEASE)).singleElement()
        .satisfies(c -> assertThat(c.attempts()).isZero());
  }
}
