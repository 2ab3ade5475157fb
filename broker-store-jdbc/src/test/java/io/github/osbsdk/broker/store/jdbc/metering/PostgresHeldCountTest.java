package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.HeldCountContract;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The held-count contract on PostgreSQL, plus what only it can hold (a row edited by hand) and
 * what a tick costs it, counted in statements.
 */
class PostgresHeldCountTest extends HeldCountContract {
  private static final String PLAIN = "plain-id";
  /** Every statement the outbox prepared, in order. */
  private final List<String> statements = new CopyOnWriteArrayList<>();

  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(counting(TestDatabase.replicaA()));
  }

  /** A data source whose connections note each statement they prepare. */
  private DataSource counting(DataSource target) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(method, target, args);
          if (!(result instanceof Connection c)) {
            return result;
          }
          return Proxy.newProxyInstance(getClass().getClassLoader(),
              new Class<?>[] {Connection.class}, (p, m, a) -> {
                if (m.getName().equals("prepareStatement")) {
                  statements.add((String) a[0]);
                }
                return invoke(m, c, a);
              });
        });
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** A record builder that cannot build a plain id's record (a meter without a region). */
  private static Function<List<MeterCount>, UsageRecord> noRegion() {
    return counts -> {
      if (counts.get(0).resourceInstanceId().equals(PLAIN)) {
        throw new IllegalArgumentException("no region for " + PLAIN);
      }
      return records().apply(counts);
    };
  }

  /** A record builder of a meter with a region of its own. */
  private static Function<List<MeterCount>, UsageRecord> withRegion() {
    return counts -> UsageRecord.builder(counts.get(0).resourceInstanceId(), "metered")
        .region("us-south").window(counts.get(0).windowStart(), counts.get(0).windowEnd())
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  private List<UsageRecord> claimAll() {
    return outbox.claim("me", 100, Instant.now().plus(Duration.ofDays(1)),
        Duration.ofMinutes(1)).stream().map(ClaimedUsage::record).toList();
  }

  @Test
  void aHeldRowEditedToNaNStaysHeldAloneAndTheOthersAreReleased() {
    // before: reading it failed the whole release at every tick: nothing held was billed
    closeThrough(1);
    outbox.holdCounts(List.of(count(CRN, 0, 2), count(OTHER, 0, 3)));
    TestDatabase.sql("UPDATE osb_usage_held_count SET value = 'NaN'"
        + " WHERE resource_instance_id = '" + CRN + "'");

    assertThat(outbox.releaseHeldCounts(records())).isEmpty();

    assertThat(claimAll()).containsExactly(records().apply(List.of(count(OTHER, 0, 3))));
    assertThat(TestDatabase.strings("SELECT resource_instance_id || ' ' || value"
        + " FROM osb_usage_held_count")).as("kept for someone to fix").containsExactly(CRN
        + " NaN");
    assertThat(outbox.invalid()).isOne();
    assertThat(outbox.heldCounts()).as("the rows that can be read").isEmpty();
  }

  @Test
  void aHeldWindowNoRecordCanBeBuiltForCostsNoLockNorWriteAtLaterTicks() {
    // before: every tick's release locked the watermark, deleted the row and inserted it again
    closeThrough(1);
    outbox.holdCounts(List.of(count(PLAIN, 0, 3)));
    outbox.releaseHeldCounts(noRegion()); // stays held
    outbox.closeWindows(T0.plus(Duration.ofHours(1)), noRegion()); // as a tick goes on
    statements.clear();

    assertThat(outbox.releaseHeldCounts(noRegion())).isEmpty();

    assertThat(statements).as("a look, no lock, no write").isNotEmpty()
        .noneMatch(s -> s.contains("FOR UPDATE") || s.contains("FOR SHARE")
            || s.startsWith("DELETE") || s.startsWith("INSERT") || s.startsWith("UPDATE"));
    assertThat(outbox.heldCounts()).containsExactly(count(PLAIN, 0, 3));
    // never lost: a meter that can build it (it has a region) releases it
    assertThat(outbox.releaseHeldCounts(withRegion())).isEmpty();
    assertThat(outbox.heldCounts()).isEmpty();
    assertThat(claimAll()).containsExactly(withRegion().apply(List.of(count(PLAIN, 0, 3))));
  }

  @Test
  void aTickWithNothingHeldReadsTheHeldTableOnlyInItsClose() {
    // before: one more statement a tick, SELECT EXISTS on the held table before the close
    closeThrough(1);
    statements.clear();

    assertThat(outbox.releaseHeldCounts(records())).isEmpty();

    assertThat(statements).as("no statement").isEmpty();
    // a count another replica holds meanwhile is released after this replica's next close
    PostgresUsageOutbox.create(TestDatabase.replicaB()).holdCounts(List.of(count(CRN, 0, 2)));
    closeThrough(1);
    assertThat(outbox.releaseHeldCounts(records())).isEmpty();
    assertThat(outbox.heldCounts()).isEmpty();
    assertThat(claimAll()).containsExactly(records().apply(List.of(count(CRN, 0, 2))));
  }
}
