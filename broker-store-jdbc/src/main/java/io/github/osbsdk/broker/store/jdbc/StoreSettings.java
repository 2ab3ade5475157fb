package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.store.jdbc.internal.Tables;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * What a {@link PostgresBrokerStore.Builder} was given, each value checked as it is set, with
 * the defaults the builder's Javadoc names. The builder fills it; the store reads it once.
 */
final class StoreSettings {
  /**
   * The longest time to live of a cached copy taken as given: a longer one (up to
   * {@code ChronoUnit.FOREVER.getDuration()}) is taken as 100 years, which the copies' clock
   * arithmetic (nanoseconds in a {@code long}) holds.
   */
  private static final Duration MAX_TTL = ChronoUnit.YEARS.getDuration().multipliedBy(100);
  final DataSource dataSource;
  String schema;
  Duration statementTimeout = Duration.ofSeconds(5);
  int finishedCacheEntries = 10_000;
  Duration finishedCacheTtl = Duration.ofSeconds(60);
  int runningCacheEntries = 10_000;
  Duration runningCacheTtl = Duration.ofSeconds(60);
  /**
   * The clock the copies of operations in progress age by and judge leases on; tests set their
   * own.
   */
  LongSupplier runningCacheClock = System::nanoTime;
  int maxWriteBatch = 1;
  int writesInFlight = 4;

  StoreSettings(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
  }

  void schema(String schema) {
    this.schema = Tables.checkIdentifier(Objects.requireNonNull(schema, "schema == null"));
  }

  void statementTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.toSeconds() < 1) {
      throw new IllegalArgumentException("statementTimeout must be at least 1 s: " + timeout);
    }
    this.statementTimeout = timeout;
  }

  void finishedOperationCache(int maxEntries, Duration timeToLive) {
    Duration ttl = checkCache(maxEntries, timeToLive);
    this.finishedCacheEntries = maxEntries;
    this.finishedCacheTtl = ttl;
  }

  void runningOperationCache(int maxEntries, Duration timeToLive) {
    Duration ttl = checkCache(maxEntries, timeToLive);
    this.runningCacheEntries = maxEntries;
    this.runningCacheTtl = ttl;
  }

  void writeBatching(int maxWrites, int inFlight) {
    if (maxWrites < 1 || inFlight < 1) {
      throw new IllegalArgumentException("writeBatching needs at least 1 write and 1 in"
          + " flight: " + maxWrites + ", " + inFlight);
    }
    this.maxWriteBatch = maxWrites;
    this.writesInFlight = inFlight;
  }

  /** Checks a cache's settings and returns its time to live, at most {@link #MAX_TTL}. */
  private static Duration checkCache(int maxEntries, Duration timeToLive) {
    Objects.requireNonNull(timeToLive, "timeToLive == null");
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
    }
    if (timeToLive.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("timeToLive must be at least 1 ms: " + timeToLive);
    }
    return timeToLive.compareTo(MAX_TTL) > 0 ? MAX_TTL : timeToLive;
  }
}
