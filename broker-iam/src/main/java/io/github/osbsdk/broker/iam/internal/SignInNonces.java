package io.github.osbsdk.broker.iam.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The browser nonces of the dashboard sign-ins in progress, kept in the
 * {@link DashboardResource#NONCE_COOKIE} cookie (newest first, at most
 * {@link #MAX_PENDING_SIGN_INS}, separated by {@code .}), so sign-ins started in several tabs of
 * one browser each complete. The state sent to IAM carries the nonce's SHA-256, so only the
 * browser that started a sign-in can complete it.
 */
final class SignInNonces {
  /** The most sign-ins one browser may have in progress at once; older ones are forgotten. */
  static final int MAX_PENDING_SIGN_INS = 4;
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private SignInNonces() {
  }

  /**
   * A new nonce: 32 random bytes, base64url-encoded without padding (43 characters).
   *
   * @param random the source of randomness
   * @return the nonce
   */
  static String newNonce(SecureRandom random) {
    byte[] nonceBytes = new byte[32];
    random.nextBytes(nonceBytes);
    return SignedValues.encode(nonceBytes);
  }

  /**
   * The well-formed nonces of a nonce cookie, newest first.
   *
   * @param cookie the cookie's value, or null
   * @return the nonces, none for a missing cookie; a list the caller may change
   */
  static List<String> parse(String cookie) {
    List<String> found = new ArrayList<>();
    if (cookie != null && cookie.length() <= MAX_PENDING_SIGN_INS * 44) {
      for (String n : cookie.split("\\.")) {
        if (NONCE.matcher(n).matches() && !found.contains(n)) {
          found.add(n);
        }
      }
    }
    return found;
  }

  /**
   * The cookie value after a new sign-in started: the new nonce first, then as many of the
   * earlier ones as fit.
   *
   * @param nonce the new nonce
   * @param earlier the nonce cookie of sign-ins already in progress, or null
   * @return the nonces joined with {@code .}
   */
  static String withNew(String nonce, String earlier) {
    List<String> pending = new ArrayList<>();
    pending.add(nonce);
    for (String e : parse(earlier)) {
      if (pending.size() < MAX_PENDING_SIGN_INS) {
        pending.add(e);
      }
    }
    return String.join(".", pending);
  }

  /**
   * The pending nonce whose SHA-256 a sign-in state names, compared in constant time.
   *
   * @param pending the nonces of the sign-ins in progress
   * @param nonceHash the hash the state carries
   * @return the nonce, or null when none of this browser's sign-ins is the state's
   */
  static String matching(List<String> pending, String nonceHash) {
    String nonce = null;
    for (String candidate : pending) {
      if (MessageDigest.isEqual(
          SignedValues.sha256(candidate).getBytes(StandardCharsets.UTF_8),
          nonceHash.getBytes(StandardCharsets.UTF_8))) {
        nonce = candidate;
      }
    }
    return nonce;
  }
}
