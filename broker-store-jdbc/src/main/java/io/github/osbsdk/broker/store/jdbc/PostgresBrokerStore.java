package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.OperationType;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.store.jdbc.internal.Begins;
import io.github.osbsdk.broker.store.jdbc.internal.Claims;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.FinishedOperations;
import io.github.osbsdk.broker.store.jdbc.internal.Finishes;
import io.github.osbsdk.broker.store.jdbc.internal.Leases;
import io.github.osbsdk.broker.store.jdbc.internal.Reads;
import io.github.osbsdk.broker.store.jdbc.internal.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link BrokerStore} on PostgreSQL 13+, shared by every replica that uses the same
 * database. The database enforces the store's rules: a claim is one statement only one caller
 * wins, and partial unique indexes allow one instance operation per instance and one binding
 * operation per binding in progress; no JVM lock is involved. No transaction stays open while
 * anything but SQL runs.
 *
 * <p>Failures: connection problems, timeouts, cancellations, shutdowns and lack of resources throw
 * {@link io.github.osbsdk.broker.core.store.StoreUnavailableException} (the SDK answers 503);
 * a lost race becomes the outcome the SPI names; any other SQL error (a missing table, a
 * permission) is a set-up problem and throws {@link IllegalStateException}. A failed call
 * applies nothing.
 *
 * <p>Needs the tables of {@link Migrations} and a {@link DataSource} in PostgreSQL's default
 * isolation (READ COMMITTED). Give the pool short connect and socket timeouts (for example
 * HikariCP {@code connectionTimeout} of 5 s and pgjdbc {@code socketTimeout}) so a database that
 * does not answer fails fast; the store sets a timeout on every statement.
 *
 * <pre>{@code
 * Migrations.apply(dataSource);
 * BrokerStore store = PostgresBrokerStore.builder(dataSource).build();
 * }</pre>
 */
public final class PostgresBrokerStore implements BrokerStore {
  private final Reads reads;
  private final Claims claims;
  private final Begins begins;
  private final Finishes finishes;
  private final Leases leases;
  private final FinishedOperations finished;

  private PostgresBrokerStore(Builder b) {
    Tables tables = Tables.in(b.schema);
    Database db = new Database(b.dataSource, (int) Math.max(1, b.statementTimeout.toSeconds()));
    reads = new Reads(db, tables);
    claims = new Claims(db, reads, tables);
    begins = new Begins(db, reads, tables);
    finishes = new Finishes(db, tables);
    leases = new Leases(db, tables);
    finished = new FinishedOperations(b.finishedCacheEntries, b.finishedCacheTtl,
        System::nanoTime);
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

  @Override
  public Optional<StoredInstance> findInstance(String instanceId) {
    return reads.instance(instanceId);
  }

  @Override
  public Optional<StoredBinding> findBinding(String instanceId, String bindingId) {
    return reads.binding(instanceId, bindingId);
  }

  @Override
  public Optional<StoredOperation> findOperation(String instanceId, String bindingId,
      String operationId) {
    if (operationId == null) {
      return reads.operation(instanceId, bindingId, null);
    }
    Optional<StoredOperation> copy = finished.get(instanceId, bindingId, operationId);
    if (copy.isPresent()) {
      return copy;
    }
    Optional<StoredOperation> read = reads.operation(instanceId, bindingId, operationId);
    read.ifPresent(op -> finished.put(instanceId, bindingId, operationId, op));
    return read;
  }

  @Override
  public Optional<StoredOperation> runningOperation(String instanceId) {
    return reads.running(instanceId);
  }

  @Override
  public Claim<StoredInstance> claimInstance(StoredInstance instance, StoredOperation operation) {
    requireRunning(operation, OperationType.PROVISION);
    return claims.instance(instance, operation);
  }

  @Override
  public Claim<StoredBinding> claimBinding(StoredBinding binding, StoredOperation operation) {
    requireRunning(operation, OperationType.BIND);
    return claims.binding(binding, operation);
  }

  @Override
  public Begin beginOperation(StoredOperation operation) {
    return begins.begin(operation);
  }

  @Override
  public boolean acceptOperation(StoredOperation accepted, String owner) {
    return finishes.accept(accepted, owner);
  }

  @Override
  public boolean finishOperation(Finish finish) {
    return finishes.finish(finish);
  }

  @Override
  public int renewLeases(String owner, Instant leaseExpiry) {
    return leases.renew(owner, leaseExpiry);
  }

  @Override
  public List<StoredOperation> takeOverExpired(String owner, Instant now, Instant leaseExpiry,
      int limit) {
    return leases.takeOver(owner, now, leaseExpiry, limit);
  }

  @Override
  public Optional<StoredInstance> setEnabled(String instanceId, boolean enabled, Instant at) {
    return leases.setEnabled(instanceId, enabled, at);
  }

  @Override
  public int purgeOperations(Instant finishedBefore) {
    finished.purge(finishedBefore);
    return leases.purge(finishedBefore);
  }

  @Override
  public void check() {
    leases.check();
  }

  private static void requireRunning(StoredOperation op, OperationType type) {
    if (op.type() != type || !op.inProgress()) {
      throw new IllegalArgumentException("needs a running " + type + " operation");
    }
  }

  /** Configures a {@link PostgresBrokerStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema;
    private Duration statementTimeout = Duration.ofSeconds(5);
    private int finishedCacheEntries = 10_000;
    private Duration finishedCacheTtl = Duration.ofSeconds(60);

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * Puts the tables in a schema instead of the first schema of the connection's
     * {@code search_path}. Apply the migrations to the same schema.
     *
     * @param schema a lower-case unquoted identifier
     * @return this builder
     * @throws IllegalArgumentException when it is not one
     */
    public Builder schema(String schema) {
      this.schema = Tables.checkIdentifier(Objects.requireNonNull(schema, "schema == null"));
      return this;
    }

    /**
     * How long one statement may run before it is cancelled and the call fails with
     * {@link io.github.osbsdk.broker.core.store.StoreUnavailableException}; whole seconds, at
     * least one; default 5 s.
     *
     * @param timeout the timeout
     * @return this builder
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
     * How this replica keeps copies of finished operations read by id, so that repeated
     * {@code last_operation} polls of a finished operation are answered without a database round
     * trip. A finished operation never changes (only purging deletes it, see
     * {@link PostgresBrokerStore#purgeOperations(Instant)}); operations in progress are never copied, so every poll
     * of one reads the database and sees what any replica did. A copy is used for at most
     * {@code timeToLive}: that bounds how long a purge made by another replica goes unseen here.
     * Default: 10,000 copies, 60 s.
     *
     * @param maxEntries at most this many copies; 0 turns the copies off
     * @param timeToLive how long a copy is used, at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException when {@code maxEntries} is negative or the time is shorter
     */
    public Builder finishedOperationCache(int maxEntries, Duration timeToLive) {
      Objects.requireNonNull(timeToLive, "timeToLive == null");
      if (maxEntries < 0) {
        throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
      }
      if (timeToLive.toMillis() < 1) {
        throw new IllegalArgumentException("timeToLive must be at least 1 ms: " + timeToLive);
      }
      this.finishedCacheEntries = maxEntries;
      this.finishedCacheTtl = timeToLive;
      return this;
    }

    /**
     * Builds the store. It does not touch the database (see {@link PostgresBrokerStore#check()}).
     *
     * @return the store
     */
    public PostgresBrokerStore build() {
      return new PostgresBrokerStore(this);
    }
  }
}
