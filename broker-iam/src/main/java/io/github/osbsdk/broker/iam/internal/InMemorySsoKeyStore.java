package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.iam.SsoKeyStore;
import java.security.SecureRandom;

/** One random 256-bit key, kept in memory for the life of the process. */
public final class InMemorySsoKeyStore implements SsoKeyStore {
  private final byte[] key = new byte[32];

  /** Generates the key. */
  public InMemorySsoKeyStore() {
    new SecureRandom().nextBytes(key);
  }

  @Override
  public byte[] signingKey() {
    return key.clone();
  }
}
