package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.store.jdbc.internal.Begins;
import io.github.osbsdk.broker.store.jdbc.internal.Claims;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Finishes;
import io.github.osbsdk.broker.store.jdbc.internal.Leases;
import io.github.osbsdk.broker.store.jdbc.internal.OperationCopies;
import io.github.osbsdk.broker.store.jdbc.internal.Reads;
import io.github.osbsdk.broker.store.jdbc.internal.StoredCredentials;
import io.github.osbsdk.broker.store.jdbc.internal.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The {@link BrokerStore} on PostgreSQL 13+, shared by every replica that uses the same
 * database. The database enforces the store's rules: a claim is one statement only one caller
 * wins, and partial unique indexes allow one instance operation per instance and one binding
 * operation per binding in progress; no JVM lock is involved. No transaction stays open while
 * anything but SQL runs.
 *
 * <p>Failures: connection problems, timeouts, cancellations, shutdowns and lack of resources throw
 * {@link io.github.osbsdk.broker.core.store.StoreUnavailableException} (the SDK answers 503); a
 * lost race becomes the outcome the SPI names; any other SQL error (a missing table, a permission)
 * is a set-up problem and throws {@link IllegalStateException}. A failed call applies nothing.
 *
 * <p>Needs the tables of {@link Migrations} and a {@link DataSource} in PostgreSQL's default
 * isolation (READ COMMITTED). Give the pool short connect and socket timeouts (for example
 * HikariCP {@code connectionTimeout} of 5 s and pgjdbc {@code socketTimeout}) so a database that
 * does not answer fails fast; the store sets a timeout on every statement.
 *
 * <p>Polls of {@code last_operation} are answered from this replica's copies where that cannot
 * differ from the database: finished operations and asynchronous operations in progress while
 * this replica listens to the notifications every finish sends (see
 * {@link Builder#runningOperationCache(int, Duration)}); {@link #close()} stops the listener.
 *
 * <pre>{@code
 * Migrations.apply(dataSource);
 * PostgresBrokerStore store = PostgresBrokerStore.builder(dataSource).build();
 * // ... at shutdown, before closing the pool:
 * store.close();
 * }</pre>
 */
public final class PostgresBrokerStore implements BrokerStore, AutoCloseable {
  private final Reads reads;
  private final Claims claims;
  private final Begins begins;
  private final Finishes finishes;
  private final Leases leases;
  private final StoredCredentials credentials;
  private final OperationCopies copies;

  private PostgresBrokerStore(StoreSettings settings) {
    Tables tables = Tables.in(settings.schema);
    Database db = new Database(settings.dataSource,
        Database.timeoutSeconds(settings.statementTimeout));
    reads = new Reads(db, tables);
    claims = new Claims(db, reads, tables, settings.maxWriteBatch, settings.writesInFlight);
    begins = new Begins(db, reads, tables);
    finishes = new Finishes(db, tables, settings.maxWriteBatch, settings.writesInFlight);
    leases = new Leases(db, tables);
    credentials = new StoredCredentials(db, tables);
    copies = new OperationCopies(settings.dataSource, tables, reads,
        settings.finishedCacheEntries, settings.finishedCacheTtl, settings.runningCacheEntries,
        settings.runningCacheTtl, settings.runningCacheClock, leases::databaseTime);
  }

  /**
   * Starts a builder.
   *
   * @param dataSource the database (a pool; the store borrows a connection per call)
   * @return the builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Reads an instance from its row. */
  @Override
  public Optional<StoredInstance> findInstance(String instanceId) {
    return reads.instance(instanceId);
  }

  /** Reads a binding from its row. */
  @Override
  public Optional<StoredBinding> findBinding(String instanceId, String bindingId) {
    return reads.binding(instanceId, bindingId);
  }

  /** Reads an operation: one named by id from this replica's copy when it holds one. */
  @Override
  public Optional<StoredOperation> findOperation(String instanceId, String bindingId,
      String operationId) {
    return operationId == null ? reads.operation(instanceId, bindingId, null)
        : copies.find(instanceId, bindingId, operationId);
  }

  /** Reads the operation in progress on an instance or one of its bindings. */
  @Override
  public Optional<StoredOperation> runningOperation(String instanceId) {
    return reads.running(instanceId);
  }

  /** Claims an instance id for a provision. */
  @Override
  public Claim<StoredInstance> claimInstance(StoredInstance instance, StoredOperation operation) {
    return claims.instance(instance, operation);
  }

  /** Claims a binding id for a bind. */
  @Override
  public Claim<StoredBinding> claimBinding(StoredBinding binding, StoredOperation operation) {
    return claims.binding(binding, operation);
  }

  /** Starts an update, a deprovision or an unbind when nothing blocks it. */
  @Override
  public Begin beginOperation(StoredOperation operation) {
    return begins.begin(operation);
  }

  /** Records an asynchronous answer and drops this replica's copy of the operation. */
  @Override
  public boolean acceptOperation(StoredOperation accepted, String owner) {
    try {
      return finishes.accept(accepted, owner);
    } finally {
      copies.changed(accepted.id());
    }
  }

  /** Ends an operation, applies its effect; copies drop it here at once, elsewhere on notice. */
  @Override
  public boolean finishOperation(Finish finish) {
    try {
      return finishes.finish(finish);
    } finally {
      copies.changed(finish.operationId());
    }
  }

  /** Renews the leases {@code owner} holds on operations in progress. */
  @Override
  public int renewLeases(String owner, Instant leaseExpiry) {
    return leases.renew(owner, leaseExpiry);
  }

  /** Sets the leases {@code owner} holds, except those in {@code keep}, to {@code leaseExpiry}. */
  @Override
  public int renewLeasesExcept(String owner, Set<String> keep, Instant leaseExpiry) {
    return leases.renewExcept(owner, keep, leaseExpiry);
  }

  /** Sets each named lease {@code owner} holds to its own expiry, in one statement. */
  @Override
  public int setLeases(String owner, Map<String, Instant> leaseExpiries) {
    return leases.setEach(owner, leaseExpiries);
  }

  /** Takes over operations whose lease expired before {@code now}, in one statement. */
  @Override
  public List<StoredOperation> takeOverExpired(String owner, Instant now, Instant leaseExpiry,
      int limit) {
    return copies.tookOver(leases.takeOver(owner, now, leaseExpiry, limit));
  }

  /** Reads the ids of the operations in progress that {@code owner} holds. */
  @Override
  public Optional<Set<String>> leasedOperations(String owner) {
    return Optional.of(leases.leased(owner));
  }

  /** Takes over again operations that {@code owner} itself holds, named by id. */
  @Override
  public List<StoredOperation> takeOverHeld(String owner, Set<String> ids, Instant leaseExpiry) {
    return copies.tookOver(leases.takeOverHeld(owner, ids, leaseExpiry));
  }

  /** Sets IBM Cloud's enabled flag of an instance. */
  @Override
  public Optional<StoredInstance> setEnabled(String instanceId, boolean enabled, Instant at) {
    return leases.setEnabled(instanceId, enabled, at);
  }

  /** Reads a page of the bindings whose credentials are stored, after a position. */
  @Override
  public List<StoredBinding> bindingsWithCredentials(String afterInstanceId,
      String afterBindingId, int limit) {
    return credentials.page(afterInstanceId, afterBindingId, limit);
  }

  /** Reads the binding whose credentials were stored most recently. */
  @Override
  public Optional<StoredBinding> newestBindingWithCredentials() {
    return credentials.newest();
  }

  /** Replaces a binding's stored credentials when they are still {@code expected}. */
  @Override
  public boolean replaceCredentials(String instanceId, String bindingId, String expected,
      String replacement) {
    return credentials.replace(instanceId, bindingId, expected, replacement);
  }

  /** Deletes finished operations, and this replica's copies of them. */
  @Override
  public int purgeOperations(Instant finishedBefore) {
    try {
      return leases.purge(finishedBefore);
    } finally {
      // after the delete: a poll in between would copy a row again
      copies.purge(finishedBefore);
    }
  }

  /** Checks that the database answers (for health checks). */
  @Override
  public void check() {
    leases.check();
  }

  /** {@code current_setting('transaction_read_only')}: a read-only database or a standby. */
  @Override
  public boolean readOnly() {
    return leases.readOnly();
  }

  /** The database server's {@code clock_timestamp()}: the clock every replica shares. */
  @Override
  public Optional<Instant> sharedTime() {
    return Optional.of(copies.databaseTime());
  }

  /**
   * Stops listening to the database's notifications of finished operations and gives back the
   * connection the listener holds, if any (see {@link Builder#runningOperationCache}). The store
   * stays usable: every poll of an operation in progress then reads the database. Close it
   * before closing the pool.
   */
  @Override
  public void close() {
    copies.close();
  }

  /** @return whether this replica listens to notifications of finished operations (tests) */
  boolean listening() {
    return copies.listening();
  }

  /** Configures a {@link PostgresBrokerStore}. */
  public static final class Builder {
    private final StoreSettings settings;

    private Builder(DataSource dataSource) {
      this.settings = new StoreSettings(dataSource);
    }

    /**
     * Puts the tables in a schema instead of the first schema of the connection's
     * {@code search_path}. Apply the migrations to the same schema.
     *
     * @param schema a lower-case identifier ({@code [a-z_][a-z0-9_$]*}, at most 63 characters);
     *     the store quotes it, so a reserved word such as {@code user} will do
     * @return this builder
     * @throws IllegalArgumentException when it is not one
     */
    public Builder schema(String schema) {
      settings.schema(schema);
      return this;
    }

    /**
     * How long one statement may run before it is cancelled and the call fails with
     * {@link io.github.osbsdk.broker.core.store.StoreUnavailableException}; whole seconds, at
     * least one; default 5 s. A timeout longer than {@link Integer#MAX_VALUE} seconds (about
     * 68 years) is taken as that.
     *
     * <p>This is the JDBC query timeout of each statement: the driver asks the server to cancel
     * the statement ({@code 57014}) and the call applies nothing. A network or server that
     * stopped answering is bounded only by the driver's own socket timeout (pgjdbc's
     * {@code socketTimeout} URL parameter, off by default): set it too, longer than this
     * timeout. Getting a connection is bounded by the pool's own setting (HikariCP's
     * {@code connectionTimeout}). See {@code broker-store-jdbc/README.md}, "Timeouts".
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder statementTimeout(Duration timeout) {
      settings.statementTimeout(timeout);
      return this;
    }

    /**
     * How this replica keeps copies of finished operations read by id, so that repeated
     * {@code last_operation} polls of one are answered without a database round trip. A finished
     * operation never changes (only {@link PostgresBrokerStore#purgeOperations(Instant)} deletes
     * it); a copy is used for at most {@code timeToLive}, which bounds how long another
     * replica's purge goes unseen here. Default: 10,000 copies, 60 s. Operations in progress
     * have their own copies, see {@link #runningOperationCache(int, Duration)}.
     *
     * @param maxEntries at most this many copies; 0 turns the copies off
     * @param timeToLive how long a copy is used, at least 1 ms; over 100 years (such as
     *     {@code ChronoUnit.FOREVER.getDuration()}) is taken as 100 years
     * @return this builder
     * @throws IllegalArgumentException when {@code maxEntries} is negative or the time is shorter
     */
    public Builder finishedOperationCache(int maxEntries, Duration timeToLive) {
      settings.finishedOperationCache(maxEntries, timeToLive);
      return this;
    }

    /**
     * How this replica keeps copies of asynchronous operations in progress read by id, so that
     * the repeated {@code last_operation} polls of a running operation are answered without a
     * database round trip, while every replica still answers what any replica did.
     *
     * <p>Every statement that finishes an asynchronous operation, on any replica, sends a
     * PostgreSQL notification ({@code pg_notify}) in its own transaction; this replica listens
     * (LISTEN) on one pooled connection and drops its copy when the notification arrives,
     * usually milliseconds after the commit. Copies are used only while this replica hears the
     * probe it sends itself every 5 s (so at most 7 s after the last one heard; with every
     * connection of the pool lent out, up to about 2 s after another replica's finish), for at
     * most {@code timeToLive}, and never once the operation's lease has expired. A lost
     * connection, a connection pooler in transaction mode or a driver other than pgjdbc just
     * means every poll reads the database. The listener starts when a poll first finds an
     * asynchronous operation in progress and gives its connection back 30 s after the last
     * one, or on {@link PostgresBrokerStore#close()}: size the pool with one connection to
     * spare. The timings, and what a copy may differ in: the module's README. Default: 10,000
     * copies, 60 s (a time to live shorter than the platform's poll interval would make every
     * poll read the database).
     *
     * @param maxEntries at most this many copies; 0 turns the copies and the listener off
     * @param timeToLive how long a copy is used at most, at least 1 ms; over 100 years (such
     *     as {@code ChronoUnit.FOREVER.getDuration()}) is taken as 100 years
     * @return this builder
     * @throws IllegalArgumentException when {@code maxEntries} is negative or the time is shorter
     */
    public Builder runningOperationCache(int maxEntries, Duration timeToLive) {
      settings.runningOperationCache(maxEntries, timeToLive);
      return this;
    }

    /** For tests: the nanosecond clock the copies of operations in progress age by. */
    Builder runningOperationCacheClock(LongSupplier nanoTime) {
      settings.runningCacheClock = Objects.requireNonNull(nanoTime, "nanoTime == null");
      return this;
    }

    /**
     * Batches this replica's writes under load. Claims of new instance ids (provisions) that
     * arrive while {@code inFlight} of them are being written wait, and go to the database
     * together, as one statement and one commit, as soon as one of those is done; so do the
     * finishes of synchronous operations that put their instance (a provision or update
     * answered at once). The database then does a fraction of its per-statement and per-commit
     * work for each. Nothing waits for a batch to fill: while fewer than {@code inFlight} run, a
     * write goes at once, alone, so a lightly loaded broker pays nothing. Each write keeps its
     * own outcome (a batch that fails for one row is written again row by row, and a write
     * that finds the database unavailable fails the writes queued behind it at once, so none
     * waits for several timeouts), and a batch never holds two writes of one instance id.
     * Default {@code (1, 4)}: off. It halves the database's CPU per provision but, measured on
     * 2 cores shared with the database, moved provisions per second by -33 % to +35 %
     * ({@code broker-store-jdbc/README.md}); measure with your own load before turning it on.
     *
     * @param maxWrites at most this many writes in one statement; 1 turns batching off
     * @param inFlight at most this many writes or batches of each kind at once, beyond which
     *     writes queue into batches; keep it below the pool's size
     * @return this builder
     * @throws IllegalArgumentException when either is less than 1
     */
    public Builder writeBatching(int maxWrites, int inFlight) {
      settings.writeBatching(maxWrites, inFlight);
      return this;
    }

    /**
     * Builds the store. It does not touch the database (see {@link PostgresBrokerStore#check()}).
     *
     * @return the store
     */
    public PostgresBrokerStore build() {
      return new PostgresBrokerStore(settings);
    }
  }
}
