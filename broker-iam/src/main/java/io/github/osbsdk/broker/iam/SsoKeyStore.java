package io.github.osbsdk.broker.iam;

import io.github.osbsdk.broker.iam.internal.InMemorySsoKeyStore;
import java.util.List;

/**
 * The secret keys that sign dashboard SSO {@code state} values and session cookies
 * (HMAC-SHA256). Several broker replicas must share the keys; the in-memory default suits one
 * replica (a restart signs everybody out). A key shorter than 32 bytes is refused where it is
 * used: sign-in then answers a 503 page (fail closed) and the error log says why.
 */
public interface SsoKeyStore {
  /** @return the key new values are signed with, at least 32 bytes */
  byte[] signingKey();

  /**
   * @return every key a value may be verified with (the signing key first), each at least 32
   *     bytes; for rotation
   */
  default List<byte[]> verificationKeys() {
    return List.of(signingKey());
  }

  /** @return a store holding one random 256-bit key in memory */
  static SsoKeyStore inMemory() {
    return new InMemorySsoKeyStore();
  }
}
