package io.github.osbsdk.broker.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts binding credentials before they reach the store: AES-GCM with a random 96-bit nonce
 * per value and the instance and binding ids as associated data, so a ciphertext cannot be moved
 * to another binding. Stored as base64 of nonce followed by ciphertext and tag.
 */
public final class CredentialCipher {
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  CredentialCipher(SecretKey key) {
    if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
      throw new IllegalArgumentException("the credential key must be an AES key");
    }
    int bytes = key.getEncoded() == null ? 0 : key.getEncoded().length;
    if (bytes != 16 && bytes != 24 && bytes != 32) {
      throw new IllegalArgumentException("the credential key must be 128, 192 or 256 bits");
    }
    this.key = key;
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
    try {
      byte[] in = Base64.getDecoder().decode(stored);
      if (in.length < NONCE + TAG_BITS / 8) {
        throw new IllegalStateException("stored credentials are truncated");
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
      c.updateAAD(aad(instanceId, bindingId));
      return new String(c.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("stored credentials cannot be decrypted with this key", e);
    }
  }

  private static byte[] aad(String instanceId, String bindingId) {
    return (instanceId + '\0' + bindingId).getBytes(StandardCharsets.UTF_8);
  }
}
