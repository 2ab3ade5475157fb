package io.github.osbsdk.broker.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts binding credentials before they reach the store: AES-GCM with a random 96-bit nonce
 * per value and the instance and binding ids as associated data, so a ciphertext cannot be moved
 * to another binding. Stored as base64 of nonce followed by ciphertext and tag.
 *
 * <p>Key rotation: values are always encrypted under the current key and read with whichever of
 * the current and the previous keys opens them (GCM's tag tells a wrong key apart, so nothing is
 * ever misread); the stored form carries no key id, so values written before rotation was used
 * stay readable.
 */
public final class CredentialCipher {
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private final SecretKey key;
  /** The current key first, then the previous ones: the order in which reads try them. */
  private final List<SecretKey> readKeys;
  private final SecureRandom random = new SecureRandom();

  CredentialCipher(SecretKey key, List<SecretKey> previousKeys) {
    check(key, "the credential key");
    List<SecretKey> all = new ArrayList<>();
    all.add(key);
    for (SecretKey previous : previousKeys) {
      check(Objects.requireNonNull(previous, "previous key == null"), "a previous credential key");
      all.add(previous);
    }
    this.key = key;
    this.readKeys = List.copyOf(all);
  }

  private static void check(SecretKey key, String what) {
    if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
      throw new IllegalArgumentException(what + " must be an AES key");
    }
    int bytes = key.getEncoded() == null ? 0 : key.getEncoded().length;
    if (bytes != 16 && bytes != 24 && bytes != 32) {
      throw new IllegalArgumentException(what + " must be 128, 192 or 256 bits");
    }
  }

  String encrypt(String plain, String instanceId, String bindingId) {
    try {
      byte[] nonce = new byte[NONCE];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(instanceId, bindingId));
      byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      System.arraycopy(sealed, 0, out, NONCE, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt credentials", e);
    }
  }

  String decrypt(String stored, String instanceId, String bindingId) {
    return open(stored, instanceId, bindingId).plain();
  }

  /**
   * The stored value encrypted under the current key, for a value stored under a previous key.
   *
   * @param stored the stored value
   * @param instanceId the instance id it is bound to
   * @param bindingId the binding id it is bound to
   * @return the value under the current key, or null when the current key already opens it
   * @throws IllegalStateException when no key opens it (or it is not a stored value)
   */
  String reencrypt(String stored, String instanceId, String bindingId) {
    Opened opened = open(stored, instanceId, bindingId);
    return opened.underCurrentKey() ? null : encrypt(opened.plain(), instanceId, bindingId);
  }

  /** A stored value's clear text, and whether the current key (not a previous one) opened it. */
  private record Opened(String plain, boolean underCurrentKey) {}

  /**
   * Whether the current key or a previous one opens a stored value.
   *
   * @param stored the stored value
   * @param instanceId the instance id it is bound to
   * @param bindingId the binding id it is bound to
   * @return false when none of the keys opens it
   * @throws IllegalStateException when it is no stored value (not base64, or truncated)
   */
  boolean opens(String stored, String instanceId, String bindingId) {
    return tryKeys(decode(stored), aad(instanceId, bindingId)) != null;
  }

  /**
   * How many keys reads try.
   *
   * @return the current key and the previous ones
   */
  int keyCount() {
    return readKeys.size();
  }

  /** Tries the current key, then the previous ones, in order. */
  private Opened open(String stored, String instanceId, String bindingId) {
    Opened opened = tryKeys(decode(stored), aad(instanceId, bindingId));
    if (opened == null) {
      throw new IllegalStateException("the stored credentials of a binding cannot be decrypted"
          + " with the current or any previous credential key (" + readKeys.size() + " tried):"
          + " does every replica have the same keys?");
    }
    return opened;
  }

  private static byte[] decode(String stored) {
    byte[] in;
    try {
      in = Base64.getDecoder().decode(stored);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored credentials are not base64", e);
    }
    if (in.length < NONCE + TAG_BITS / 8) {
      throw new IllegalStateException("stored credentials are truncated");
    }
    return in;
  }

  /** The value opened by the first key whose tag matches, or null when none does. */
  private Opened tryKeys(byte[] in, byte[] aad) {
    for (int i = 0; i < readKeys.size(); i++) {
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, readKeys.get(i),
            new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
        c.updateAAD(aad);
        String plain = new String(c.doFinal(in, NONCE, in.length - NONCE),
            StandardCharsets.UTF_8);
        return new Opened(plain, i == 0);
      } catch (GeneralSecurityException e) {
        // AEADBadTagException: not this key (or not this binding's value)
      }
    }
    return null;
  }

  private static byte[] aad(String instanceId, String bindingId) {
    return (instanceId + '\0' + bindingId).getBytes(StandardCharsets.UTF_8);
  }
}
