package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.iam.SsoKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Confidential and tamper-proof values (the dashboard session cookie):
 * {@code base64url(version 1 || 12-byte IV || AES-256-GCM(payload) || 16-byte tag)}, with the
 * purpose as associated data, so a value sealed for one purpose never opens for another.
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
  private static final byte VERSION = 1;
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
   * Seals a payload for one purpose with the signing key.
   *
   * @param purpose e.g. "session"
   * @param payload the bytes
   * @return the sealed value, canonical unpadded base64url
   * @throws SignedValues.KeysUnavailableException when the key store fails
   */
  public String seal(String purpose, byte[] payload) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] sealed;
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, SignedValues.signingKey(keys), iv, purpose);
      sealed = c.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
    byte[] value = new byte[1 + IV_BYTES + sealed.length];
    value[0] = VERSION;
    System.arraycopy(iv, 0, value, 1, IV_BYTES);
    System.arraycopy(sealed, 0, value, 1 + IV_BYTES, sealed.length);
    return SignedValues.encode(value);
  }

  /**
   * Opens a sealed value.
   *
   * @param purpose the purpose it was sealed for
   * @param value the sealed value
   * @return the payload, or null when malformed, tampered with, sealed for another purpose or
   *     not sealed with one of the store's verification keys (asked again once,
   *     {@link SsoKeyStore#verificationKeysAfterMiss()}, when none of them opens it)
   * @throws SignedValues.KeysUnavailableException when the key store fails
   */
  public byte[] open(String purpose, String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = CanonicalBase64Url.decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (bytes.length < 1 + IV_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
      return null;
    }
    List<byte[]> verifying = SignedValues.verificationKeys(keys);
    byte[] opened = open(verifying, purpose, bytes);
    return opened != null ? opened
        : open(SignedValues.keysNotTried(keys, verifying), purpose, bytes);
  }

  /** The payload of a sealed value opened with one of {@code keys}, or null. */
  private static byte[] open(List<byte[]> keys, String purpose, byte[] bytes) {
    for (byte[] key : keys) {
      try {
        Cipher c = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOfRange(bytes, 1,
            1 + IV_BYTES), purpose);
        return c.doFinal(bytes, 1 + IV_BYTES, bytes.length - 1 - IV_BYTES);
      } catch (AEADBadTagException e) {
        // not this key (or tampered with): try the next one
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM unavailable", e);
      }
    }
    return null;
  }

  private static Cipher cipher(int mode, byte[] storeKey, byte[] iv, String purpose)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(aesKey(storeKey), "AES"), new GCMParameterSpec(TAG_BITS, iv));
    c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
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
