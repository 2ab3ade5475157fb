package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateUpdate;
import java.util.Objects;

/**
 * The arguments of one {@code instanceStateChanged} call, as recorded by the
 * {@link FakeServiceBroker}.
 *
 * @param instanceId the instance id
 * @param state the new state
 * @param update what IBM Cloud asked for
 * @param context the request context
 */
public record InstanceStateChange(String instanceId, InstanceState state,
    InstanceStateUpdate update, RequestContext context) {
  /** Validates. */
  public InstanceStateChange {
    Objects.requireNonNull(instanceId, "instanceId == null");
  }
}
