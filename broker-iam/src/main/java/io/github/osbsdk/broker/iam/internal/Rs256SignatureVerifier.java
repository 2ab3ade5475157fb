package io.github.osbsdk.broker.iam.internal;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/**
 * Checks RS256 ({@code SHA256withRSA}, PKCS#1 v1.5) signatures with one JCA {@link Signature}
 * per thread, initialized for a key only when the key differs from the previous call's: after
 * {@code verify} a {@code Signature} is back in its initialized state, so the provider lookup
 * and key set-up that Nimbus's {@code RSASSAVerifier} repeats for every token are paid once per
 * thread and key. The JDK does the cryptography (including the signature length check); a
 * {@code Signature} that threw is discarded so no partial state is ever reused.
 */
final class Rs256SignatureVerifier {
  /** A thread's {@code Signature} and the key it is initialized with (null: not initialized). */
  private static final class Slot {
    private Signature signature;
    private RSAPublicKey key;
  }

  private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(Slot::new);

  /**
   * @param key the RSA public key
   * @param data the signed bytes
   * @param length how many of {@code data}'s leading bytes are signed
   * @param signature the signature
   * @return whether the signature is valid; false for any error (wrong length, bad padding)
   */
  boolean verify(RSAPublicKey key, byte[] data, int length, byte[] signature) {
    Slot slot = slots.get();
    try {
      if (slot.signature == null) {
        slot.signature = Signature.getInstance("SHA256withRSA");
      }
      if (slot.key != key) {
        slot.key = null;
        slot.signature.initVerify(key);
        slot.key = key;
      }
      slot.signature.update(data, 0, length);
      return slot.signature.verify(signature);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA256withRSA", e);
    } catch (GeneralSecurityException | RuntimeException e) {
      slot.signature = null; // never reuse a Signature in an unknown state
      slot.key = null;
      return false;
    }
  }
}
