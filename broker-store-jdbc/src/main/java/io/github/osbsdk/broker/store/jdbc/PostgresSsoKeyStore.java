package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.iam.SsoKeyStore;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.SsoKeyCache;
import io.github.osbsdk.broker.store.jdbc.internal.SsoKeyRows;
import io.github.osbsdk.broker.store.jdbc.internal.SsoKeyRows.Key;
import io.github.osbsdk.broker.store.jdbc.internal.SsoKeyRows.Keys;
import io.github.osbsdk.broker.store.jdbc.internal.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The dashboard SSO keys in PostgreSQL ({@code osb_sso_key}, migrations V2 and V4), so that
 * every replica signs and verifies with the same keys. The first replica to ask creates a random
 * 256-bit key. {@link #rotate()} adds a newer key that every replica verifies with at once
 * (after its next refresh) but that signs only one refresh interval later, so no replica meets a
 * value signed with a key it does not know yet; the previous keys keep verifying. Keys are
 * cached for the refresh interval (default one minute); when the database is unavailable, the
 * cached keys keep working, and the database is asked again only every few seconds (not on every
 * request). A replica starts signing with a rotated key at its first read of the keys at or after
 * the key's start, judged on the database server's clock: a replica whose own clock runs ahead
 * does not sign with a key the others have not loaded yet, and a replica that cannot read the
 * keys (an outage) goes on signing with the key it signed with before, which every replica knows,
 * rather than with a key a replica that could not read the keys since the rotation lacks.
 *
 * <p>It does so only while the others are sure to keep that key. They drop it once
 * {@link Builder#keptKeys(int) keptKeys} newer keys sign and the first of them has signed for a
 * refresh interval, and a key rotated after this replica's last read starts a refresh interval
 * after it at the earliest; as this replica cannot know how many rotations came meanwhile, that
 * is two refresh intervals after its last read (one after the start of a rotated key that was
 * due then), whatever {@code keptKeys}. Past that, {@link #signingKey()} throws
 * {@link StoreUnavailableException}: sign-ins and new dashboard sessions on this replica answer
 * 503 (fail closed) until it reads the keys again, rather than sign what the others refuse.
 * Likewise, once its keys are more than a refresh interval old and cannot be read, a value none
 * of them verifies may be signed with a key rotated since: it answers 503, not "not valid".
 * A value none of the cached keys verifies makes this replica read the keys again (at most once
 * a second, {@link #verificationKeysAfterMiss()}) when they may lack a key that signs elsewhere
 * (its last read failed, or they are nearly a refresh interval old), so one that missed a
 * rotation while its reads failed verifies the rotated key as soon as it can read the keys,
 * while forged values cost no read. The keys age on the monotonic clock
 * ({@link System#nanoTime}), so a step of the wall clock changes nothing; when they expire, one
 * request reads them while the others go on with them (or wait for that read when the others may
 * have dropped the key that signs), so a crowd of requests makes one read, not one each.
 * Each of its statements has a fixed timeout of 5 s (not the broker store's
 * {@link PostgresBrokerStore.Builder#statementTimeout(Duration)}): a read that takes longer
 * fails as unavailable and the cached keys go on working. Keys are never logged.
 *
 * <p>Needs {@code broker-iam}, an optional dependency of this module: add
 * {@code io.github.osbsdk:broker-iam} to the build, and on the module path
 * {@code requires io.github.osbsdk.broker.iam} next to
 * {@code requires io.github.osbsdk.broker.store.jdbc} (this module does not require it
 * transitively, so that users of the other stores need not have it).
 */
// broker-iam's SsoKeyStore is API here although the module requires it only statically (above)
@SuppressWarnings("exports")
public final class PostgresSsoKeyStore implements SsoKeyStore {
  /**
   * How often a value that none of the cached keys verifies may make this replica read the keys
   * again (anyone can send such values).
   */
  static final Duration MISS_READ_INTERVAL = SsoKeyCache.MISS_READ_INTERVAL;
  /** The timeout of each statement, in seconds (documented: the class and its builder). */
  private static final int STATEMENT_TIMEOUT_SECONDS = 5;
  /**
   * The longest refresh interval taken as given: a longer one (up to "forever",
   * {@code ChronoUnit.FOREVER.getDuration()}) is taken as this, so the times computed from it
   * (cache expiry, a rotated key's start) stay within what {@link Instant} and PostgreSQL hold.
   */
  static final Duration MAX_REFRESH = ChronoUnit.YEARS.getDuration().multipliedBy(100);

  private final SsoKeyRows rows;
  private final SsoKeyCache cache;
  private final Duration refresh;
  private final int kept;
  /** The key of a rotation that failed as unavailable (it may have been written), or null. */
  private byte[] rotating;

  private PostgresSsoKeyStore(DataSource dataSource, String schema, Duration refresh, int kept,
      Clock clock, LongSupplier nanoTime) {
    this.rows = new SsoKeyRows(new Database(dataSource, STATEMENT_TIMEOUT_SECONDS),
        Tables.in(schema), refresh, kept, clock, nanoTime);
    this.cache = new SsoKeyCache(rows, refresh, nanoTime);
    this.refresh = refresh;
    this.kept = kept;
  }

  /**
   * A store with a one-minute refresh that verifies with the two newest keys, its tables in the
   * first schema of the connection's {@code search_path}: {@code builder(dataSource).build()}.
   * Its statements time out after 5 s.
   *
   * @param dataSource the database, with the migrations applied
   * @return the store
   */
  public static PostgresSsoKeyStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * Starts a builder. Its statements time out after 5 s, whatever the broker store's statement
   * timeout.
   *
   * @param dataSource the database, with the migrations applied
   * @return the builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Configures a {@link PostgresSsoKeyStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema;
    private Duration refresh = Duration.ofMinutes(1);
    private int kept = 2;
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * Reads the keys from a schema instead of the first schema of the connection's
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
     * How long keys are cached, and how long after a rotation the new key signs; default one
     * minute. Zero caches nothing (every call reads the database) and a rotated key signs at
     * once; anything over 100 years (such as {@code ChronoUnit.FOREVER.getDuration()}) is taken
     * as 100 years.
     *
     * @param refresh the refresh interval
     * @return this builder
     * @throws IllegalArgumentException when it is negative
     */
    public Builder refresh(Duration refresh) {
      Objects.requireNonNull(refresh, "refresh == null");
      if (refresh.isNegative()) {
        throw new IllegalArgumentException("refresh must not be negative: " + refresh);
      }
      this.refresh = refresh.compareTo(MAX_REFRESH) > 0 ? MAX_REFRESH : refresh;
      return this;
    }

    /**
     * How many of the newest signing keys verify, besides a rotated key that does not sign yet
     * and the key that signed until a refresh interval ago (replicas that have not read the keys
     * since still sign with it); default 2. More does not let a replica that cannot read the
     * keys sign for longer: that stops two refresh intervals after its last read at most (see
     * the class comment), since it cannot know how many rotations came meanwhile.
     *
     * @param kept at least 1
     * @return this builder
     * @throws IllegalArgumentException when it is below 1
     */
    public Builder keptKeys(int kept) {
      if (kept < 1) {
        throw new IllegalArgumentException("kept must be at least 1: " + kept);
      }
      this.kept = kept;
      return this;
    }

    /**
     * For tests: the replica's wall clock, which only says when the keys were last read (in
     * messages); the keys age on {@link #nanoTime}, so that a step of the wall clock neither
     * keeps them for ever nor expires them early.
     */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** For tests: the monotonic clock the keys age on, as {@link System#nanoTime()}. */
    Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
      return this;
    }

    /**
     * Builds the store. It does not touch the database until a key is asked for.
     *
     * @return the store
     */
    public PostgresSsoKeyStore build() {
      return new PostgresSsoKeyStore(dataSource, schema, refresh, kept, clock, nanoTime);
    }
  }

  /**
   * Returns a copy of the key that signs now, by the database server's clock.
   *
   * @throws StoreUnavailableException when this replica could not read the keys for so long that
   *     the other replicas may have dropped the key it signed with (see the class comment)
   */
  @Override
  public byte[] signingKey() {
    Keys k = cache.keys();
    if (cache.readFailing() && k.ageNanos(cache.now()) > k.signsForNanos()) {
      throw new StoreUnavailableException("SSO keys last read " + k.readAtWall() + " (this"
          + " replica's clock): the other replicas may have dropped the key it signs with; not"
          + " signing until the keys are read again", null);
    }
    return k.signing().secret().clone();
  }

  /**
   * The signing key first, then the keys that do not sign yet, then the older ones: as many
   * older ones as make {@code kept} keys that signed at some time, and any that signed less than
   * a refresh interval before this replica read the keys (a replica that has not read them since
   * a newer key started signing still signs with it).
   *
   * @return copies of the keys
   */
  @Override
  public List<byte[]> verificationKeys() {
    return copies(cache.keys());
  }

  /**
   * Reads the keys again when they may lack a key that signs elsewhere, at most once per second
   * whatever the values that ask, then returns {@link #verificationKeys()}. They may lack one
   * only when the last read failed (a rotation may have come meanwhile) or they are nearly a
   * refresh interval old (within the statement timeout, 5 s, of it: a rotation committed as
   * they were read); otherwise a value none of them verifies is refused without a read: a key
   * rotated after they were read signs a refresh interval after its rotation at the earliest,
   * and by then this replica has read the keys again. So forged values (anyone can send them)
   * cost no read while the keys are read well. When the read fails, or another is due later, the
   * cached keys answer, while they are at most a refresh interval old.
   *
   * @return copies of the keys
   * @throws StoreUnavailableException when the keys cannot be read and the cached ones are older
   *     than a refresh interval: a key rotated since may sign elsewhere
   */
  @Override
  public List<byte[]> verificationKeysAfterMiss() {
    return copies(cache.keysAfterMiss());
  }

  private List<byte[]> copies(Keys read) {
    List<Key> keys = read.keys();
    Key signing = read.signing();
    List<byte[]> copies = new ArrayList<>();
    copies.add(signing.secret().clone());
    int older = 0;
    boolean past = false;
    Instant recently = read.databaseReadAt().minus(refresh);
    Key newer = null;
    for (Key k : keys) {
      if (k == signing) {
        past = true;
      } else if (!past) {
        copies.add(k.secret().clone());
      } else if (++older < kept || newer.activeFrom().isAfter(recently)) {
        copies.add(k.secret().clone()); // newer: the key that took over signing from this one
      }
      newer = k;
    }
    return copies;
  }

  /**
   * Adds a new random key: every replica verifies with it after its next refresh, and it signs
   * one refresh interval from now; the previous keys keep verifying.
   *
   * <p>A rotation that failed as unavailable may have been written all the same (the database
   * committed it, its answer was lost). The next call of this store's {@code rotate()} completes
   * that rotation rather than adding another while its key does not sign yet: it writes the same
   * key when it is missing and nothing when it is there. A second rotation so soon would make the
   * key before the first one retire when the two start signing, and sign out the sessions it
   * sealed. Once that key signs, a call rotates anew.
   *
   * @throws StoreUnavailableException when the database is unavailable (call again: see above)
   */
  public synchronized void rotate() {
    byte[] key = rotating != null ? rotating : rows.newKey();
    try {
      rows.rotate(key, key == rotating);
    } catch (StoreUnavailableException e) {
      rotating = key;
      throw e;
    }
    rotating = null;
    cache.forget(); // read again at the next call
  }
}
