package io.github.osbsdk.broker.core.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for the request path: one {@code MessageDigest} per thread, since
 * {@code MessageDigest.getInstance} is a provider lookup on every call.
 */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /**
   * Digests bytes.
   *
   * @param bytes what to digest
   * @return the 32-byte digest
   */
  public static byte[] of(byte[] bytes) {
    MessageDigest digest = DIGEST.get();
    digest.reset(); // a piecewise caller that failed half-way may have left bytes in it
    return digest.digest(bytes);
  }

  /**
   * This thread's digest, for a caller that feeds it in pieces and ends with {@code digest()}
   * before anything else on this thread uses it; every use starts with a reset.
   *
   * @return the digest, reset
   */
  static MessageDigest threadDigest() {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
