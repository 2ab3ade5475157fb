package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.internal.SdkOnlyErrors;
import java.util.Set;

/**
 * The errors only the SDK answers, from checks a provider never makes: the API version (412), the
 * body's size (413), {@code maintenance_info} against the catalog (422
 * {@code MaintenanceInfoConflict}); a 401 comes from the authenticator
 * ({@link io.github.osbsdk.broker.core.auth.Authenticator#unauthorized}). A provider's
 * {@code ServiceBroker} method that throws one of {@link #RESERVED_STATUSES} anyway (only the
 * authenticator's 401 can be built outside the SDK: {@code ServiceBrokerException}'s constructors
 * refuse them) is answered 500 as a provider bug ({@link ProviderErrors#answer}).
 */
final class SdkErrors {
  /**
   * Statuses the SDK answers itself and a provider never does: 401 (authentication, with the
   * authenticator's {@code WWW-Authenticate}), 412 (API version), 413 (body size).
   */
  static final Set<Integer> RESERVED_STATUSES = SdkOnlyErrors.STATUSES;

  private SdkErrors() {}

  /**
   * @param description which API versions are supported
   * @return 412 Precondition Failed
   */
  static ServiceBrokerException preconditionFailed(String description) {
    return SdkOnlyErrors.of(412, description);
  }

  /**
   * @param description what the limit is
   * @return 413 Payload Too Large
   */
  static ServiceBrokerException payloadTooLarge(String description) {
    return SdkOnlyErrors.of(413, description);
  }

  /**
   * @param description what does not match
   * @return 422 {@code MaintenanceInfoConflict}
   */
  static ServiceBrokerException maintenanceInfoConflict(String description) {
    return new ServiceBrokerException(422, ServiceBrokerException.MAINTENANCE_INFO_CONFLICT,
        description);
  }
}
