package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.internal.KeyedLogLimiter;
import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs the identity of a valid IAM token refused because the allow-list misses it (403), so a
 * provider can tell a mistyped {@code allowedIdentities} entry from the log: at WARN, at most once
 * per {@link #WARN_EVERY} for each identity (DEBUG in between, counted in the next line), for at
 * most {@link #MAX_IDENTITIES} identities of their own at a time (any IBM Cloud account can get a
 * valid token): an identity unused for {@link #WARN_EVERY} gives its place to a new one, and the
 * new identities finding no place share one limiter, so whoever sends the first identities
 * cannot keep every later one out of the log. The identity ({@code iam_id}) is not a
 * secret and is logged quoted and escaped; the token never is.
 */
public final class AllowListRefusals {
  private static final Logger LOG = LoggerFactory.getLogger(IamAuthenticator.class);
  /** The shortest time between two WARN lines of one identity. */
  static final Duration WARN_EVERY = Duration.ofMinutes(1);
  /** The most identities with a limiter of their own. */
  static final int MAX_IDENTITIES = 64;

  private final KeyedLogLimiter<String> warnings;

  /**
   * Creates the log.
   *
   * @param clock the clock the limits are measured on
   */
  public AllowListRefusals(Clock clock) {
    this.warnings = new KeyedLogLimiter<>(WARN_EVERY, clock, MAX_IDENTITIES);
  }

  /**
   * Logs a refusal of a valid token for its identity.
   *
   * @param identity the token's {@code iam_id} (else {@code id})
   */
  public void refused(String identity) {
    LimitedLog.log(LOG, warnings.of(identity), Level.WARN, "refused a valid IAM token (403): its"
        + " identity {} is not in allowedIdentities; if it is your platform's, add it exactly"
        + " as shown", LogValues.quote(identity));
  }
}
