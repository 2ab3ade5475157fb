package io.github.osbsdk.broker.testkit.fake;

import java.time.Instant;
import java.util.Objects;

/**
 * One call the {@link FakeServiceBroker} received.
 *
 * @param operation which method was called
 * @param request the request record (e.g. a {@code ProvisionRequest}, an
 *     {@code InstanceStateRequest}); for {@link BrokerOperation#CATALOG} the string
 *     {@code "catalog"}
 * @param receivedAt when it was received
 */
public record RecordedRequest(BrokerOperation operation, Object request, Instant receivedAt) {
  /**
   * Validates.
   *
   * @param operation which method was called
   * @param request the request record (e.g. a {@code ProvisionRequest}, an
   *     {@code InstanceStateRequest}); for {@link BrokerOperation#CATALOG} the string
   *     {@code "catalog"}
   * @param receivedAt when it was received
   */
  public RecordedRequest {
    Objects.requireNonNull(operation, "operation == null");
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
  }
}
