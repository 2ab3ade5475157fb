package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.client.OsbResponse;

/**
 * An instance a check created and waited for.
 *
 * @param id the instance id
 * @param plan its plan
 * @param body the provision body sent
 * @param first the first provision answer (201 or 202)
 */
public record Provisioned(String id, PlanRef plan, java.util.Map<String, Object> body,
    OsbResponse<ProvisionResponse> first) {
  /** @return whether the provision answered 202 */
  public boolean async() {
    return first.status() == 202;
  }
}
