package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * broker-metering's {@link UsageOutbox} on PostgreSQL (tables of migration V3), shared by every
 * replica and durable across crashes. A claim is one {@code UPDATE} of the rows a
 * {@code SELECT ... FOR UPDATE SKIP LOCKED LIMIT n} picked, so concurrent senders never share a
 * record, and claims only records whose end has passed on the database server's clock
 * ({@code clock_timestamp()}, the clock every replica shares), so that a replica whose own clock
 * runs ahead never sends a record IBM would refuse as ending in the future. Leases and next
 * attempts follow that clock too: a claim leases until the database's time plus the lease, and
 * a release stores its next attempt shifted by how far the database's clock was ahead of the
 * owner's at the owner's last claim, so replicas whose clocks differ by minutes still take over
 * a record only once its lease ended and wait for each other's backoff; merges of open-window
 * counts and window closes lock the closed-through watermark row (shared and exclusive), so a
 * count never lands in a window that was already closed, and a close closes no later than that
 * same shared clock, so a replica whose clock runs ahead closes no window before its end.
 * Counts a meter could not place because it could not tell whether their instance ended are
 * held in {@code osb_usage_held_count} (V13) until a tick of any replica releases them, so a
 * crash or restart meanwhile loses none.
 * Failures are reported as by
 * {@link io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore}: availability problems throw
 * {@link io.github.osbsdk.broker.core.store.StoreUnavailableException}, and a failed call applies
 * nothing.
 *
 * <p>Needs {@code broker-metering}, an optional dependency of this module: add
 * {@code io.github.osbsdk:broker-metering} to the build, and on the module path
 * {@code requires io.github.osbsdk.broker.metering} next to
 * {@code requires io.github.osbsdk.broker.store.jdbc} (this module does not require it
 * transitively, so that users of the other stores need not have it).
 */
// broker-metering's types are API here although the module requires it only statically (above)
@SuppressWarnings("exports")
public final class PostgresUsageOutbox implements UsageOutbox {
  private final Database db;
  private final UsageSql sql;
  private final UsageWindows windows;
  private final UsageClaims claims;
  private final UsageRejections rejections;

  private PostgresUsageOutbox(DataSource dataSource, String schema, Duration timeout,
      String leaseClock, Duration endRetention, LongSupplier pruneNanos) {
    db = new Database(dataSource, Database.timeoutSeconds(timeout));
    sql = new UsageSql(Tables.in(schema), leaseClock);
    claims = new UsageClaims(db, sql);
    rejections = new UsageRejections(db, sql);
    windows = new UsageWindows(db, sql, (c, records) -> UsageRows.insert(db, sql, c, records),
        new InstanceEndPrune(db, sql, endRetention, pruneNanos));
  }

  /**
   * An outbox in the first schema of the connection's {@code search_path}, with a 5 s statement
   * timeout: {@code builder(dataSource).build()}.
   *
   * @param dataSource the database, with the migrations applied
   * @return the outbox
   */
  public static PostgresUsageOutbox create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * Starts a builder.
   *
   * @param dataSource the database, with the migrations applied (a pool; the outbox borrows a
   *     connection per call)
   * @return the builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * An outbox whose leases and next attempts follow another clock than the database's (tests
   * that compare it with an outbox judging them by {@code now}).
   *
   * @param dataSource the database
   * @param leaseClock the SQL expression of that clock, e.g. a query of a table the test sets
   * @return the outbox
   */
  static PostgresUsageOutbox withLeaseClock(DataSource dataSource, String leaseClock) {
    return new PostgresUsageOutbox(dataSource, null, Duration.ofSeconds(5), leaseClock,
        InstanceEndPrune.DEFAULT_RETENTION, System::nanoTime);
  }

  /**
   * Tests: an outbox whose hourly prune takes its turns on another clock of nanoseconds.
   *
   * @param dataSource the database
   * @param pruneNanos the clock, as {@link System#nanoTime}
   * @return the outbox
   */
  static PostgresUsageOutbox withPruneClock(DataSource dataSource, LongSupplier pruneNanos) {
    return new PostgresUsageOutbox(dataSource, null, Duration.ofSeconds(5), UsageSql.CLOCK,
        InstanceEndPrune.DEFAULT_RETENTION, pruneNanos);
  }

  /** Stores records in one batch, skipping those whose key is taken. */
  @Override
  public int append(List<UsageRecord> records) {
    if (records.isEmpty()) {
      return 0;
    }
    return UsageRows.append(db, sql, records);
  }

  /** Leases up to {@code max} records to {@code owner}. */
  @Override
  public List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease) {
    return claims.claim(owner, max, now, lease);
  }

  /** Counts the stored records that can no longer be read as valid. */
  @Override
  public long invalid() {
    return claims.count("count invalid usage", sql.invalid);
  }

  /** Removes records IBM answered for, and remembers their keys. */
  @Override
  public int markDelivered(String owner, Collection<String> keys) {
    return claims.changeMine("mark usage delivered", sql.delivered, owner, keys, null);
  }

  /** Returns leased records to pending for a later attempt. */
  @Override
  public int release(String owner, Collection<String> keys, Instant nextAttempt) {
    Objects.requireNonNull(nextAttempt, "nextAttempt == null");
    return claims.changeMine("release usage", sql.release, owner, keys, nextAttempt);
  }

  /** Returns leased records to pending unsent, due at {@code until}. */
  @Override
  public int holdBack(String owner, Collection<String> keys, Instant until) {
    Objects.requireNonNull(until, "until == null");
    return claims.changeMine("hold usage back", sql.holdBack, owner, keys, until);
  }

  /** Returns leased records to pending unsent, for another owner. */
  @Override
  public int leave(String owner, Collection<String> keys, Instant othersFrom,
      Instant ownerFrom) {
    return leaveToOthers(owner, keys, othersFrom, ownerFrom).size();
  }

  /**
   * {@inheritDoc} Whether another owner's wait has ended is judged on the database's clock.
   */
  @Override
  public Map<String, Instant> leaveToOthers(String owner, Collection<String> keys,
      Instant othersFrom, Instant ownerFrom) {
    Objects.requireNonNull(othersFrom, "othersFrom == null");
    Objects.requireNonNull(ownerFrom, "ownerFrom == null");
    return claims.leave(owner, keys, othersFrom, ownerFrom);
  }

  /**
   * Moves a record IBM refused for good to the rejected list. A commit whose answer was lost is
   * asked about once the database answers: the call then says what the commit did, or throws
   * {@link io.github.osbsdk.broker.metering.MergeInDoubtException} while it cannot tell.
   */
  @Override
  public boolean markRejected(String owner, RejectedUsage rejection) {
    return rejections.reject(owner, rejection);
  }

  /** Lists rejected records, oldest rejection first. */
  @Override
  public List<RejectedUsage> rejected(int limit) {
    return claims.rejected(limit);
  }

  /**
   * Forgets a rejected record. A commit whose answer was lost is asked about once the database
   * answers: the call then says what the commit did, or throws
   * {@link io.github.osbsdk.broker.metering.MergeInDoubtException} while it cannot tell.
   */
  @Override
  public boolean discardRejected(String key) {
    return rejections.discard(key);
  }

  /** Counts the records that wait to be delivered. */
  @Override
  public long depth() {
    return claims.count("usage depth", sql.depth);
  }

  /** Counts the rejected records. */
  @Override
  public long rejectedCount() {
    return claims.count("count rejected usage", sql.rejectedCount);
  }

  /** Adds the meter's counts to the stored open windows. */
  @Override
  public List<MeterCount> mergeOpenCounts(List<MeterCount> counts) {
    return windows.merge(counts);
  }

  /** Closes the stored open windows that end at or before {@code cutoff}. */
  @Override
  public int closeWindows(Instant cutoff, Function<List<MeterCount>, UsageRecord> toRecord) {
    return windows.close(cutoff, toRecord);
  }

  /** Ends an instance's metering on every plan at {@code at}. */
  @Override
  public int endInstance(String instanceId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return windows.end(instanceId, null, null, at, toRecord);
  }

  /** Ends an instance's metering on one plan at {@code at}. */
  @Override
  public int endPlan(String instanceId, String planId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return windows.end(instanceId, Objects.requireNonNull(planId, "planId == null"), null, at,
        toRecord);
  }

  /** Moves an instance's metering from one plan to another at {@code at}. */
  @Override
  public int changePlan(String instanceId, String fromPlanId, String toPlanId, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return windows.end(instanceId, Objects.requireNonNull(fromPlanId, "fromPlanId == null"),
        Objects.requireNonNull(toPlanId, "toPlanId == null"), at, toRecord);
  }

  /** Holds counts until their instance's end can be told. */
  @Override
  public void holdCounts(List<MeterCount> counts) {
    windows.held().hold(counts);
  }

  @Override
  public List<MeterCount> releaseHeldCounts(Function<List<MeterCount>, UsageRecord> toRecord) {
    return windows.held().release(toRecord);
  }

  @Override
  public List<MeterCount> heldCounts() {
    return windows.held().all();
  }

  /** Reads when an instance's metering ended on every plan. */
  @Override
  public Optional<Instant> endedAt(String instanceId) {
    return MeteringEnds.read(db, sql, instanceId, null);
  }

  /** Reads when an instance's metering on a plan ended. */
  @Override
  public Optional<Instant> endedAt(String instanceId, String planId) {
    return MeteringEnds.read(db, sql, instanceId, planId);
  }

  /**
   * {@inheritDoc} On the database server's clock, as a close prunes, and at the same pace: the
   * closes and the sender of this outbox object share one hourly turn.
   */
  @Override
  public void pruneIfDue(Instant now) {
    windows.pruneEndsIfDue();
  }

  /** Reads the stored open-window counts. */
  @Override
  public List<MeterCount> openCounts() {
    return windows.open();
  }

  /** Counts what this outbox object dropped as late at window closes. */
  @Override
  public long droppedLateCounts() {
    return windows.droppedLate();
  }

  /** Counts the windows this outbox object's last close left open for their sum. */
  @Override
  public int unsummableWindows() {
    return windows.unsummable();
  }

  /**
   * Tests: prunes the ended instances and delivered keys now, as a close does hourly; returns
   * how many ended instances.
   */
  int pruneInstanceEnds() {
    return windows.pruneEnds();
  }

  /**
   * Names the outbox.
   *
   * @return {@code PostgresUsageOutbox}
   */
  @Override
  public String toString() {
    return "PostgresUsageOutbox";
  }

  /** Configures a {@link PostgresUsageOutbox}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema;
    private Duration statementTimeout = Duration.ofSeconds(5);
    private Duration endRetention = InstanceEndPrune.DEFAULT_RETENTION;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * Puts the tables in a schema instead of the first schema of the connection's
     * {@code search_path}. Apply the migrations to the same schema.
     *
     * @param schema a lower-case identifier ({@code [a-z_][a-z0-9_$]*}, at most 63 characters)
     * @return this builder
     * @throws IllegalArgumentException when it is not one
     */
    public Builder schema(String schema) {
      this.schema = Tables.checkIdentifier(Objects.requireNonNull(schema, "schema == null"));
      return this;
    }

    /**
     * How long one statement may run; whole seconds, at least one; default 5 s. One longer than
     * {@link Integer#MAX_VALUE} seconds (about 68 years) is taken as that.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException when it is under 1 s
     */
    public Builder statementTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.toSeconds() < 1) {
        throw new IllegalArgumentException("statementTimeout must be at least 1 s: " + timeout);
      }
      this.statementTimeout = timeout;
      return this;
    }

    /**
     * How long an instance's end ({@code osb_usage_instance_end}) is kept once its usage is all
     * reported; default 3 days (as finished operations). While kept, a late count of the instance
     * is dropped; after, it is merged into a window past the end, whose record IBM refuses (400,
     * rejected, not billed): keep it longer than a replica may run without the database. The
     * key of a delivered record ({@code osb_usage_delivered}) is kept as long after its record's
     * end, and while its instance has an open count of a window starting before that end.
     *
     * @param retention at least one hour
     * @return this builder
     * @throws IllegalArgumentException when it is shorter
     */
    public Builder instanceEndRetention(Duration retention) {
      this.endRetention = InstanceEndPrune.checked(retention);
      return this;
    }

    /**
     * Builds the outbox. It does not touch the database.
     *
     * @return the outbox
     */
    public PostgresUsageOutbox build() {
      return new PostgresUsageOutbox(dataSource, schema, statementTimeout, UsageSql.CLOCK,
          endRetention, System::nanoTime);
    }
  }
}
