package io.github.osbsdk.broker.core;

/**
 * Thrown by {@link Broker.Builder#build()} when binding credentials are stored (see
 * {@link Broker.Builder#storeCredentials(javax.crypto.SecretKey, java.util.List)}) and neither
 * the configured key nor any previous key opens the newest credentials the store already holds:
 * the replicas sharing the store were given different keys. The message names no key and no
 * credentials. Start every replica with the same key, or list the old key among the previous
 * keys.
 */
public final class CredentialKeyMismatchException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what does not match, without key material or credentials
   */
  public CredentialKeyMismatchException(String message) {
    super(message);
  }
}
