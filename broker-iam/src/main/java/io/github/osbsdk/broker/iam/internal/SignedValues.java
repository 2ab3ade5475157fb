package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.iam.SsoKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tamper-proof values: {@code base64url(payload) "." base64url(HMAC-SHA256(purpose, payload))}.
 * The purpose is part of the MAC so a state can never pass as a session cookie or vice versa.
 */
public final class SignedValues {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_LENGTH = 4096;
  /** The shortest key accepted from the key store, in bytes. */
  static final int MIN_KEY_BYTES = 32;

  private final SsoKeyStore keys;

  /**
   * Creates a signer.
   *
   * @param keys the key store
   */
  public SignedValues(SsoKeyStore keys) {
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  /**
   * Signs a payload for one purpose.
   *
   * @param purpose e.g. "state"
   * @param payload the bytes
   * @return the signed value
   * @throws KeysUnavailableException when the key store fails
   */
  public String sign(String purpose, byte[] payload) {
    byte[] key = signingKey(keys);
    return B64.encodeToString(payload) + "." + B64.encodeToString(mac(key, purpose, payload));
  }

  /**
   * The key store failed (e.g. its database is down): nothing can be signed or verified, so the
   * caller answers that sign-in is unavailable (fail closed).
   */
  public static final class KeysUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeysUnavailableException(RuntimeException cause) {
      super("the SSO key store is unavailable: " + cause.getClass().getSimpleName(), cause);
    }

    KeysUnavailableException(String message) {
      super(message);
    }
  }

  /**
   * Refuses a key the store should never have given (fail closed): HMAC would accept a short
   * key and sign weakly, and an empty one fails deep inside the JDK.
   */
  private static void checkKey(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new KeysUnavailableException("the SSO key store gave a key shorter than "
          + MIN_KEY_BYTES + " bytes (" + (key == null ? "none" : key.length + " bytes")
          + "); SsoKeyStore keys must be at least " + MIN_KEY_BYTES + " bytes");
    }
  }

  /**
   * Checks a signed value.
   *
   * @param purpose the purpose it was signed for
   * @param value the signed value
   * @return the payload, or null when malformed or not signed by one of our keys (asked again
   *     once, {@link SsoKeyStore#verificationKeysAfterMiss()}, when none of them verifies it)
   * @throws KeysUnavailableException when the key store fails
   */
  public byte[] verify(String purpose, String value) {
    return verify(purpose, value, payload -> true);
  }

  /**
   * Checks a signed value, asking the store again when none of its keys verifies it only for a
   * value that could be genuine: junk costs the store no second call.
   *
   * @param purpose the purpose it was signed for
   * @param value the signed value
   * @param mayBeGenuine whether the (unverified) payload could be one this broker signed; a
   *     value none of the store's verification keys verifies makes it read its keys again
   *     ({@link SsoKeyStore#verificationKeysAfterMiss()}) only when this is true
   * @return the payload, or null when malformed or not signed by one of our keys
   * @throws KeysUnavailableException when the key store fails
   */
  public byte[] verify(String purpose, String value, Predicate<byte[]> mayBeGenuine) {
    byte[][] parts = parts(value);
    if (parts == null) {
      return null;
    }
    byte[] payload = parts[0];
    byte[] sig = parts[1];
    List<byte[]> tried = verificationKeys(keys);
    for (byte[] key : tried) {
      if (MessageDigest.isEqual(mac(key, purpose, payload), sig)) {
        return payload;
      }
    }
    if (!mayBeGenuine.test(payload)) {
      return null;
    }
    for (byte[] key : keysNotTried(keys, tried)) {
      if (MessageDigest.isEqual(mac(key, purpose, payload), sig)) {
        return payload;
      }
    }
    return null;
  }

  /**
   * Whether a value has the form of a signed value (whoever signed it), for telling a value
   * signed with another key from a malformed one once it was refused.
   *
   * @param value the value, or null
   * @return true when it is a payload and a signature, both canonical base64url
   */
  static boolean wellFormed(String value) {
    return parts(value) != null;
  }

  /** The payload and signature of a value, or null when it is not of the signed form. */
  private static byte[][] parts(String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return null;
    }
    int dot = value.indexOf('.');
    if (dot <= 0 || dot != value.lastIndexOf('.')) {
      return null;
    }
    try {
      return new byte[][] {CanonicalBase64Url.decode(value, 0, dot), // one spelling per value
          CanonicalBase64Url.decode(value, dot + 1, value.length())};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The store's signing key, checked.
   *
   * @param keys the key store
   * @return the key, at least {@link #MIN_KEY_BYTES} bytes
   * @throws KeysUnavailableException when the store fails or gives a short key
   */
  static byte[] signingKey(SsoKeyStore keys) {
    byte[] key;
    try {
      key = keys.signingKey();
    } catch (RuntimeException e) {
      throw new KeysUnavailableException(e);
    }
    checkKey(key);
    return key;
  }

  /**
   * The store's verification keys, checked.
   *
   * @param keys the key store
   * @return at least one key, each at least {@link #MIN_KEY_BYTES} bytes
   * @throws KeysUnavailableException when the store fails, gives no key or a short one
   */
  static List<byte[]> verificationKeys(SsoKeyStore keys) {
    List<byte[]> verifying;
    try {
      verifying = keys.verificationKeys();
    } catch (RuntimeException e) {
      throw new KeysUnavailableException(e);
    }
    if (verifying == null || verifying.isEmpty()) {
      throw new KeysUnavailableException("the SSO key store gave no verification key");
    }
    verifying.forEach(SignedValues::checkKey);
    return verifying;
  }

  /**
   * The store's keys after a value none of {@code tried} verified, without those tried (none
   * when the store has nothing new).
   *
   * @param keys the key store
   * @param tried the keys tried
   * @return the keys to try as well, each at least {@link #MIN_KEY_BYTES} bytes
   * @throws KeysUnavailableException when the store fails or gives a short key
   */
  static List<byte[]> keysNotTried(SsoKeyStore keys, List<byte[]> tried) {
    List<byte[]> again;
    try {
      again = keys.verificationKeysAfterMiss();
    } catch (RuntimeException e) {
      throw new KeysUnavailableException(e);
    }
    if (again == null || again.isEmpty()) {
      return List.of();
    }
    again.forEach(SignedValues::checkKey);
    List<byte[]> untried = new ArrayList<>();
    for (byte[] key : again) {
      if (tried.stream().noneMatch(t -> Arrays.equals(t, key))) {
        untried.add(key);
      }
    }
    return untried;
  }

  /**
   * Hashes text.
   *
   * @param s text
   * @return base64url of its SHA-256
   */
  public static String sha256(String s) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Encodes bytes.
   *
   * @param bytes random bytes
   * @return them base64url-encoded, unpadded
   */
  public static String encode(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  private static byte[] mac(byte[] key, String purpose, byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
