package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' outboxes on one database with their clocks minutes apart (as found by an audit
 * with faketime): leases and next attempts follow the database's clock, so a replica ahead
 * neither takes over a record while the other's lease runs nor ignores the other's backoff, and
 * a replica behind neither holds a record longer nor shortens its backoff.
 */
class OutboxLeasesOnTheDatabasesClockTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final Duration SKEW = Duration.ofMinutes(6);
  private static final Duration LEASE = Duration.ofMinutes(5);

  private UsageOutbox right;
  private UsageOutbox other;

  @BeforeEach
  void outboxes() {
    TestDatabase.truncateUsage();
    right = PostgresUsageOutbox.create(TestDatabase.replicaA());
    other = PostgresUsageOutbox.create(TestDatabase.replicaB());
    Instant end = Instant.parse("2026-01-01T11:00:00Z");
    assertThat(right.append(List.of(UsageRecord.builder(CRN, "plan-1")
        .window(end.minus(Duration.ofHours(1)), end).measure("API_CALL", 1).build())))
        .isOne();
  }

  private static boolean holds(String condition) {
    return TestDatabase.strings("SELECT (" + condition + ")::text FROM osb_usage_record")
        .equals(List.of("true"));
  }

  @Test
  void aReplicaWhoseClockIsAheadDoesNotClaimARecordWhileAnothersLeaseRuns() {
    // before: the lease ended at the claimer's now + 5 min, which the replica 6 min ahead saw
    // as passed, so it claimed and sent the record again at once
    assertThat(right.claim("right", 10, Instant.now(), LEASE)).hasSize(1);
    assertThat(other.claim("ahead", 10, Instant.now().plus(SKEW), LEASE)).isEmpty();
    assertThat(holds("lease_end > clock_timestamp() + interval '4 minutes'"
        + " AND lease_end <= clock_timestamp() + interval '5 minutes'")).isTrue();
  }

  @Test
  void aReplicaWhoseClockIsBehindLeasesForTheLeaseOnTheDatabasesClock() {
    // before: its lease ended at its own now + 5 min, a minute before the database's now: any
    // replica could claim the record it was sending
    assertThat(other.claim("behind", 10, Instant.now().minus(SKEW), LEASE)).hasSize(1);
    assertThat(right.claim("right", 10, Instant.now(), LEASE)).isEmpty();
    assertThat(holds("lease_end > clock_timestamp() + interval '4 minutes'")).isTrue();
  }

  @Test
  void aBackoffIsWaitedForByEveryReplicaWhateverTheirClocks() {
    // before: a replica behind stored its next attempt 6 min early (in the past), and one ahead
    // claimed a next attempt the others had set minutes into the future at once
    Instant behind = Instant.now().minus(SKEW);
    List<ClaimedUsage> claimed = other.claim("behind", 10, behind, LEASE);
    assertThat(other.release("behind", List.of(claimed.get(0).key()),
        behind.plus(Duration.ofMinutes(10)))).isOne();
    assertThat(holds("next_attempt > clock_timestamp() + interval '9 minutes'"
        + " AND next_attempt <= clock_timestamp() + interval '10 minutes'")).isTrue();
    assertThat(right.claim("right", 10, Instant.now(), LEASE)).isEmpty();
    assertThat(right.claim("ahead", 10, Instant.now().plus(SKEW), LEASE)).isEmpty();
  }
}
