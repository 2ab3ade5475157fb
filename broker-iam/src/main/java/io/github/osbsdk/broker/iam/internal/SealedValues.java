package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.iam.SsoKeyStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongPredicate;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Confidential and tamper-proof values (the dashboard session cookie):
 * {@code base64url(version 2 || 8-byte expiry || 12-byte IV || AES-256-GCM(payload) || 16-byte
 * tag)}, with the purpose and the expiry (epoch milliseconds, big-endian) as associated data, so
 * a value sealed for one purpose never opens for another and its expiry, readable without a key,
 * cannot be changed. The expiry lets a value none of the cached keys opens be told from one that
 * could be genuine without a key: only the latter makes the store read its keys again
 * ({@link SsoKeyStore#verificationKeysAfterMiss()}), so junk values cost no read. Values of
 * version 1 (before the expiry was added: no expiry, the purpose alone as associated data) still
 * open with the store's verification keys, but never make it read them again.
 *
 * <p>The AES key is derived from each {@link SsoKeyStore} key with HKDF-Expand (RFC 5869,
 * HMAC-SHA256, the store's key as the pseudorandom key, one block), under an info string of its
 * own: the store's keys keep their one job of signing with HMAC, and rotation works as it does for
 * signatures: values are sealed with the signing key and open with any verification key. A
 * value in another format (e.g. a signed cookie from before sessions were sealed) is malformed
 * and opens to nothing.
 */
public final class SealedValues {
  /** The first byte of every sealed value, for a later change of format. */
  private static final byte VERSION = 2;
  /** The version without an expiry, still opened. */
  private static final byte VERSION_1 = 1;
  private static final int EXPIRY_BYTES = 8;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] INFO =
      "osb-broker-sdk dashboard SSO sealed value AES-256-GCM v1".getBytes(StandardCharsets.UTF_8);
  /** The longest value opened, in characters. */
  static final int MAX_LENGTH = 4096;

  private final SsoKeyStore keys;
  private final SecureRandom random = new SecureRandom();

  /**
   * Creates a sealer.
   *
   * @param keys the key store
   */
  public SealedValues(SsoKeyStore keys) {
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  /**
   * Seals a payload for one purpose with the signing key, without an expiry of its own (it
   * expires never: {@link #open(String, String)} reads the keys again for it on a miss).
   *
   * @param purpose e.g. "session"
   * @param payload the bytes
   * @return the sealed value, canonical unpadded base64url
   * @throws SignedValues.KeysUnavailableException when the key store fails
   */
  public String seal(String purpose, byte[] payload) {
    return seal(purpose, payload, Long.MAX_VALUE);
  }

  /**
   * Seals a payload for one purpose with the signing key.
   *
   * @param purpose e.g. "session"
   * @param payload the bytes
   * @param expiresAtMillis when the value expires (epoch milliseconds), readable without a key
   * @return the sealed value, canonical unpadded base64url
   * @throws SignedValues.KeysUnavailableException when the key store fails
   */
  public String seal(String purpose, byte[] payload, long expiresAtMillis) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] expiry = ByteBuffer.allocate(EXPIRY_BYTES).putLong(expiresAtMillis).array();
    byte[] sealed;
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, SignedValues.signingKey(keys), iv,
          associatedData(purpose, expiry));
      sealed = c.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
    byte[] value = new byte[1 + EXPIRY_BYTES + IV_BYTES + sealed.length];
    value[0] = VERSION;
    System.arraycopy(expiry, 0, value, 1, EXPIRY_BYTES);
    System.arraycopy(iv, 0, value, 1 + EXPIRY_BYTES, IV_BYTES);
    System.arraycopy(sealed, 0, value, 1 + EXPIRY_BYTES + IV_BYTES, sealed.length);
    return SignedValues.encode(value);
  }

  /**
   * Opens a sealed value, whatever its expiry.
   *
   * @param purpose the purpose it was sealed for
   * @param value the sealed value
   * @return see {@link #open(String, String, LongPredicate)}
   * @throws SignedValues.KeysUnavailableException when the key store fails
   */
  public byte[] open(String purpose, String value) {
    return open(purpose, value, expiry -> true);
  }

  /**
   * Opens a sealed value.
   *
   * @param purpose the purpose it was sealed for
   * @param value the sealed value
   * @param mayBeGenuine whether a value of this expiry could be genuine; when none of the
   *     store's verification keys opens a value, the store is asked again
   *     ({@link SsoKeyStore#verificationKeysAfterMiss()}) only for a value of version 2 whose
   *     expiry passes this
   * @return the payload, or null when malformed, tampered with, sealed for another purpose or
   *     not sealed with one of the store's keys
   * @throws SignedValues.KeysUnavailableException when the key store fails
   */
  public byte[] open(String purpose, String value, LongPredicate mayBeGenuine) {
    if (value == null || value.length() > MAX_LENGTH) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = CanonicalBase64Url.decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int header = bytes.length > 0 && bytes[0] == VERSION ? 1 + EXPIRY_BYTES : 1;
    if (bytes.length < header + IV_BYTES + TAG_BITS / 8
        || bytes[0] != VERSION && bytes[0] != VERSION_1) {
      return null;
    }
    byte[] aad = purpose.getBytes(StandardCharsets.UTF_8);
    long expiry = Long.MIN_VALUE;
    if (bytes[0] == VERSION) {
      byte[] e = Arrays.copyOfRange(bytes, 1, 1 + EXPIRY_BYTES);
      expiry = ByteBuffer.wrap(e).getLong();
      aad = associatedData(purpose, e);
    }
    List<byte[]> verifying = SignedValues.verificationKeys(keys);
    byte[] opened = open(verifying, aad, bytes, header);
    if (opened != null || bytes[0] != VERSION || !mayBeGenuine.test(expiry)) {
      return opened; // a junk value costs the store no second call
    }
    return open(SignedValues.keysNotTried(keys, verifying), aad, bytes, header);
  }

  /** The purpose, a zero byte and the expiry: what a version 2 value authenticates. */
  private static byte[] associatedData(String purpose, byte[] expiry) {
    byte[] p = purpose.getBytes(StandardCharsets.UTF_8);
    byte[] aad = Arrays.copyOf(p, p.length + 1 + EXPIRY_BYTES);
    System.arraycopy(expiry, 0, aad, p.length + 1, EXPIRY_BYTES);
    return aad;
  }

  /** The payload of a sealed value opened with one of {@code keys}, or null. */
  private static byte[] open(List<byte[]> keys, byte[] aad, byte[] bytes, int header) {
    for (byte[] key : keys) {
      try {
        Cipher c = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOfRange(bytes, header,
            header + IV_BYTES), aad);
        return c.doFinal(bytes, header + IV_BYTES, bytes.length - header - IV_BYTES);
      } catch (AEADBadTagException e) {
        // not this key (or tampered with): try the next one
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM unavailable", e);
      }
    }
    return null;
  }

  private static Cipher cipher(int mode, byte[] storeKey, byte[] iv, byte[] aad)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(aesKey(storeKey), "AES"), new GCMParameterSpec(TAG_BITS, iv));
    c.updateAAD(aad);
    return c;
  }

  /** HKDF-Expand(PRK = the store's key, info, L = 32): HMAC-SHA256(key, info || 0x01). */
  static byte[] aesKey(byte[] storeKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(storeKey, "HmacSHA256"));
      mac.update(INFO);
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
