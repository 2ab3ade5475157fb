package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import java.util.Map;

/**
 * A binding a check created and waited for.
 *
 * @param instance the instance
 * @param id the binding id
 * @param body the bind body sent
 * @param first the first bind answer (201 or 202)
 */
public record Bound(Provisioned instance, String id, Map<String, Object> body,
    OsbResponse<BindResponse> first) {
  /** @return whether the bind answered 202 */
  public boolean async() {
    return first.status() == 202;
  }
}
