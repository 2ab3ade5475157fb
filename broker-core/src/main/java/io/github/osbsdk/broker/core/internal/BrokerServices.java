package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.BrokerStore;

/**
 * Everything the resources share, built once per broker.
 *
 * @param broker the provider
 * @param mapper the shared mapper
 * @param fingerprints the definition of identical requests
 * @param catalogs the catalog holder
 * @param bodies request body reader
 * @param fields typed body fields
 * @param runner operations against the store
 * @param cipher encrypts stored credentials, or null when they are not stored
 * @param keyCheck asked before a bind or a fetch of stored credentials
 * @param errors error bodies
 * @param logLimits the limiters of request-path log lines a client or an outage repeats
 * @param answers the checks of what the provider answered
 * @param strictVersionGating whether fetch and async bindings need API 2.14
 * @param retryAfterSeconds {@code Retry-After} while an operation runs, or null
 * @param repeatWaitMillis how long an identical repeat waits for a synchronous call in flight
 */
public record BrokerServices(ServiceBroker broker, ObjectMapper mapper,
    Fingerprints fingerprints, Catalogs catalogs, RequestBodyParser bodies, JsonFields fields,
    OperationRunner runner, CredentialCipher cipher, CredentialKeyCheck keyCheck,
    ErrorResponses errors, RequestLogLimits logLimits, ProviderAnswers answers,
    boolean strictVersionGating, Integer retryAfterSeconds, long repeatWaitMillis) {

  BrokerStore store() {
    return runner.store();
  }

  /**
   * The fingerprinter on the shared mapper.
   *
   * @param mapper the shared mapper
   * @return the fingerprinter
   */
  public static Fingerprints fingerprints(ObjectMapper mapper) {
    return new Fingerprints(mapper.writer().with(
        com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS));
  }

  /**
   * The credential cipher, checking the keys.
   *
   * @param key the key, or null
   * @param previousKeys keys that only read, tried after {@code key}
   * @return the cipher, or null without a key
   * @throws IllegalArgumentException when a key is not an AES key of a valid length
   */
  public static CredentialCipher cipher(javax.crypto.SecretKey key,
      java.util.List<javax.crypto.SecretKey> previousKeys) {
    return key == null ? null : new CredentialCipher(key, previousKeys);
  }
}
