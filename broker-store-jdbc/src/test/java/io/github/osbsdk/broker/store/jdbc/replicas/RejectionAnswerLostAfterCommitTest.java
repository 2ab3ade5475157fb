package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender moves a record IBM refused for good to the rejected list, or an operator discards
 * a rejected record; the database commits it, but the replica never gets the answer (the
 * connection is lost between the commit and its reply). The call must still tell what it did:
 * the sender logs a rejection and tells its listener only when {@code markRejected} says true,
 * and the rejected record is never claimed again to be rejected once more.
 */
class RejectionAnswerLostAfterCommitTest {
  private static final String CRN = "crn:v1:bluemix:public:svc:us-south:a/acct:inst-rej::";
  private HikariDataSource pool;
  private AnswerLostAfterCommit lost;
  private PostgresUsageOutbox outbox;
  private ClaimedUsage claimed;

  @BeforeEach
  void start() {
    TestDatabase.truncateUsage();
    pool = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres"),
        "lost-rejection", 4, 5_000);
    lost = new AnswerLostAfterCommit(pool);
    outbox = PostgresUsageOutbox.create(lost.dataSource());
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    outbox.append(List.of(UsageRecord.builder(CRN, "metered")
        .window(end.minus(Duration.ofHours(1)), end).measure("API_CALL", 4).build()));
    claimed = outbox.claim("sender", 10, Instant.now(), Duration.ofMinutes(1)).get(0);
  }

  @AfterEach
  void stop() {
    pool.close();
  }

  private RejectedUsage rejection() {
    return new RejectedUsage(claimed.key(), claimed.record(), 400, "bad_plan",
        "plan unknown", Instant.now());
  }

  @Test
  void aRejectionWhoseAnswerWasLostAfterItsCommitSaysTheRecordIsRejected() {
    lost.arm("SET state = 'REJECTED'");
    boolean rejected = outbox.markRejected("sender", rejection());
    assertThat(lost.fired()).as("the rejection's answer was lost").isTrue();

    assertThat(rejected).as("rejected by this call: the sender logs it and tells").isTrue();
    assertThat(outbox.rejected(10)).extracting(RejectedUsage::key)
        .containsExactly(claimed.key());
  }

  @Test
  void aDiscardWhoseAnswerWasLostAfterItsCommitSaysTheRecordWasRemoved() {
    outbox.markRejected("sender", rejection());
    lost.arm("AND state = 'REJECTED'");
    boolean discarded = outbox.discardRejected(claimed.key());
    assertThat(lost.fired()).as("the discard's answer was lost").isTrue();

    assertThat(discarded).as("removed by this call").isTrue();
    assertThat(outbox.rejectedCount()).isZero();
  }

  @Test
  void aRejectionOfARecordNotLeasedToTheCallerStillSaysFalse() {
    assertThat(outbox.markRejected("another sender", rejection())).isFalse();
    assertThat(outbox.discardRejected(claimed.key())).as("not rejected").isFalse();
    assertThat(outbox.depth()).isOne();
  }
}
