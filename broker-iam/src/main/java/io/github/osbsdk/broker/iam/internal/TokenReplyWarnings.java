package io.github.osbsdk.broker.iam.internal;

import org.slf4j.Logger;

/**
 * The warnings about odd IAM token replies that the service ID token provider logs once per
 * provider (later ones at DEBUG): a token living little beyond the expiry margin, and an
 * {@code expiration} that disagrees with {@code expires_in}. Thread-safe.
 */
public final class TokenReplyWarnings {
  private final Logger log;
  private volatile boolean disagreementWarned;
  private volatile boolean shortLifetimeWarned;

  /**
   * Creates the warnings of one provider.
   *
   * @param log the provider's logger
   */
  public TokenReplyWarnings(Logger log) {
    this.log = log;
  }

  /**
   * Notes a token whose lifetime is not much beyond the expiry margin.
   *
   * @param lifetime the token's lifetime in milliseconds
   * @param marginMillis the expiry margin in milliseconds
   */
  public void shortLifetime(long lifetime, long marginMillis) {
    if (shortLifetimeWarned) {
      log.debug("IAM issued a token living {} ms; reused for half of it", lifetime);
      return;
    }
    shortLifetimeWarned = true;
    log.warn("IAM issued a token living {} ms, not much beyond the {} ms expiry margin (is IAM"
        + " misconfigured?); such tokens are reused for half their lifetime, then fetched again"
        + " (logged once)", lifetime, marginMillis);
  }

  /**
   * Notes an {@code expiration} that is off {@code now + expires_in}.
   *
   * @param seconds how far off, in seconds
   */
  public void disagreement(long seconds) {
    if (disagreementWarned) {
      log.debug("IAM token reply: expiration is {} s off now + expires_in", seconds);
      return;
    }
    disagreementWarned = true;
    log.warn("IAM token reply: expiration is {} s off now + expires_in (is the local clock off,"
        + " or expiration not in seconds?); expires_in decides (logged once)", seconds);
  }
}
