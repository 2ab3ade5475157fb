package io.github.osbsdk.broker.iam.internal;

import java.time.Duration;

/**
 * What a signed {@code state} or a sealed session cookie that none of the cached keys verifies
 * must look like to be worth asking the key store again
 * ({@link io.github.osbsdk.broker.iam.SsoKeyStore#verificationKeysAfterMiss()}): anyone can send
 * such values, and a store shared by replicas answers that call with a read of its database, so
 * junk (random values, expired ones, values a browser never started) is refused without it.
 */
final class SsoValues {
  /**
   * How far ahead of this replica's clock another replica's may run: a value it made may
   * expire that much later than one made here at the same moment.
   */
  static final Duration REPLICA_CLOCK_SKEW = Duration.ofMinutes(5);

  private SsoValues() {
  }

  /**
   * Whether a value expiring then could have been made now, by this replica or another.
   *
   * @param expiresAtMillis the value's expiry (epoch milliseconds), not yet verified
   * @param nowMillis now
   * @param lifetime the lifetime such values are made with
   * @return true when it expires after now and at most a lifetime (plus
   *     {@link #REPLICA_CLOCK_SKEW}) from now
   */
  static boolean mayBeGenuine(long expiresAtMillis, long nowMillis, Duration lifetime) {
    long most;
    try {
      most = lifetime.plus(REPLICA_CLOCK_SKEW).toMillis();
    } catch (ArithmeticException e) {
      most = Long.MAX_VALUE; // a lifetime of millennia: any later expiry may be genuine
    }
    return expiresAtMillis > nowMillis && expiresAtMillis - nowMillis <= most;
  }
}
