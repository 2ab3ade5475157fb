package io.github.osbsdk.broker.iam;

import io.github.osbsdk.broker.iam.internal.InMemorySsoKeyStore;
import java.util.List;

/**
 * The secret keys that sign dashboard SSO {@code state} values (HMAC-SHA256) and seal session
 * cookies (AES-256-GCM, under a key derived from each of these with HKDF-SHA256). Values are
 * signed and sealed with {@link #signingKey()} and accepted under any of
 * {@link #verificationKeys()}, so a rotation signs nobody out. Several broker replicas must share
 * the keys; the in-memory default suits one replica (a restart signs everybody out). A key
 * shorter than 32 bytes is refused where it is used: sign-in then answers a 503 page (fail
 * closed) and the error log says why.
 *
 * <p>A service-provider interface: the SDK's key stores implement it (the in-memory default and
 * broker-store-jdbc's {@code PostgresSsoKeyStore}) and {@link DashboardSso} calls it. The SDK
 * ships no contract suite for it (each of its stores has its own tests), so another
 * implementation is checked by its author against this description. Minor releases may add
 * methods to it.
 */
public interface SsoKeyStore {
  /**
   * The key new values are signed with. Every call returns a fresh copy, which the caller may
   * change or wipe without changing the stored key.
   *
   * @return a copy of the key, at least 32 bytes
   */
  byte[] signingKey();

  /**
   * Every key a value may be verified with, for rotation. Like {@link #signingKey()}, each
   * array is a fresh copy.
   *
   * @return copies of the keys (the signing key first), each at least 32 bytes
   */
  default List<byte[]> verificationKeys() {
    return List.of(signingKey());
  }

  /**
   * The verification keys once a well-formed value came that none of
   * {@link #verificationKeys()} verifies: perhaps another replica signed it with a key this one
   * has not read yet (a rotation it missed), perhaps it is forged. A store whose keys several
   * replicas share reads them again here, rate-limited (anyone can send such values, and they
   * must not cost a read each), and returns them all; the SDK tries those it had not tried.
   * When it cannot read them and its keys are too old to tell the two apart, it throws: the SDK
   * then answers a 503 page (fail closed), not "not valid". Like {@link #verificationKeys()},
   * each array is a fresh copy. The default returns none: a store that reads nothing again has
   * no other key, and a refused value costs no second call.
   *
   * @return copies of the keys, each at least 32 bytes; empty when there is nothing new
   */
  default List<byte[]> verificationKeysAfterMiss() {
    return List.of();
  }

  /**
   * A key store for a single broker process; replicas need a shared one (e.g. {@code
   * PostgresSsoKeyStore}).
   *
   * @return a store holding one random 256-bit key in memory
   */
  static SsoKeyStore inMemory() {
    return new InMemorySsoKeyStore();
  }
}
