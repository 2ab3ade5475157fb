package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.iam.IamException;

/**
 * How long the token of an IAM token reply lives, in milliseconds from when it was asked for:
 * {@code expires_in} (relative: immune to clock skew and to units of time) decides; IAM's
 * {@code expiration} (an epoch time in seconds) is read against the wall clock when the reply
 * comes only without it, and checked against it otherwise (a warning when they disagree by more
 * than 5 minutes). The caller counts the lifetime from before its request on the monotonic and
 * the wall clock, whichever has advanced further; here the wall clock only turns
 * {@code expiration} into a lifetime.
 */
public final class TokenLifetime {
  /**
   * The longest token lifetime believed: a longer {@code expires_in}, or an {@code expiration}
   * further ahead (milliseconds sent for seconds, say), makes the fetch fail.
   */
  static final long MAX_MILLIS = 24 * 3_600_000L;
  /** The shortest lifetime of a token that is used. */
  static final long MIN_MILLIS = 1_000;
  /** How far {@code expiration} may be off {@code now + expires_in} without a warning. */
  private static final long DISAGREEMENT_MILLIS = 300_000;

  private TokenLifetime() {
  }

  /**
   * Reads a reply's lifetime.
   *
   * @param json the reply
   * @param wallNowMillis the wall clock when the reply came (epoch milliseconds)
   * @param warnings where a disagreement of the two fields is noted
   * @return the lifetime in milliseconds, at least a second, at most a day
   * @throws IamException when the reply states no usable lifetime: none, a malformed
   *     {@code expires_in}, one already over, under a second, or beyond a day
   */
  public static long of(JsonNode json, long wallNowMillis, TokenReplyWarnings warnings) {
    JsonNode expiresIn = json.path("expires_in");
    JsonNode expiration = json.path("expiration");
    long lifetime;
    if (!expiresIn.isMissingNode() && !expiresIn.isNull() && !expiresIn.canConvertToLong()) {
      // 1e30, "3600", true: not read as "no expires_in", which would fall back to expiration
      throw new IamException("IAM token reply has an expires_in that is not a number of"
          + " seconds (" + expiresIn.getNodeType() + (expiresIn.isNumber() ? " out of range"
          : "") + ")", null);
    }
    if (expiresIn.canConvertToLong()) {
      if (expiresIn.asLong() > MAX_MILLIS / 1000) {
        throw implausible("expires_in");
      }
      lifetime = expiresIn.asLong() * 1000;
      long expiresAtSeconds = (wallNowMillis + lifetime) / 1000;
      if (expiration.canConvertToLong() && Math.abs(expiration.asLong() - expiresAtSeconds)
          > DISAGREEMENT_MILLIS / 1000) {
        warnings.disagreement(expiration.asLong() - expiresAtSeconds);
      }
    } else if (expiration.canConvertToLong() && expiration.asLong() > 0) {
      if (expiration.asLong() > (wallNowMillis + MAX_MILLIS) / 1000) {
        throw implausible("expiration");
      }
      lifetime = expiration.asLong() * 1000 - wallNowMillis;
    } else {
      throw new IamException("IAM token reply has neither expiration nor expires_in", null);
    }
    if (lifetime <= 0) { // handed out, it would be asked for again at once, call after call
      throw new IamException("IAM token reply states a token that has already expired", null);
    }
    if (lifetime < MIN_MILLIS) {
      throw new IamException("IAM token reply states a lifetime of " + lifetime
          + " ms, too short to use", null);
    }
    return lifetime;
  }

  private static IamException implausible(String field) {
    return new IamException("IAM token reply states an implausible lifetime: " + field
        + " is more than " + MAX_MILLIS / 3_600_000
        + " h ahead (milliseconds instead of seconds?)", null);
  }
}
