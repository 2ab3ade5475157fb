package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.RequestContext;
import java.util.Objects;

/**
 * {@code GET /v2/service_instances/:instance_id/service_bindings/:binding_id} of a binding the
 * registry holds as created (unknown and still-creating bindings get 404 from the SDK), and the
 * answer to a repeated bind ({@code PUT} of a binding already created alike).
 *
 * <p>{@link #serviceId()} and {@link #planId()} are what the request sent, not what the registry
 * recorded: a GET's query parameters are optional and may be absent (null) or, being unchecked
 * against the binding, name another service or plan. The recorded ids are
 * {@code binding().serviceId()} and {@code binding().planId()}. A repeated bind has no query
 * parameters: there they are its body's, which match the recorded ones.
 *
 * <p>{@link #repeatedBind()} tells the two apart. OSB has an identical repeated bind answered
 * 200 with the binding, so when it is true do not answer 404 (or 410) for a binding the
 * registry still holds, e.g. a key your back end revoked: the platform would take the bind as
 * failed while the binding exists. A GET may answer 404 for it.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param bindingId the binding id from the path, decoded once
 * @param serviceId the {@code service_id} query parameter as sent, may be null (not the
 *     recorded service: see {@code binding})
 * @param planId the {@code plan_id} query parameter as sent, may be null (not the recorded
 *     plan: see {@code binding})
 * @param recorded what the SDK answers unless the provider changes it: the registry's record
 *     of the binding, with its credentials only when the broker stores them
 * @param binding the binding as the registry holds it: the parameters, {@code bind_resource} and
 *     context of the bind that created it
 * @param requestContext headers, caller and ids of this request
 * @param repeatedBind true when the SDK asks for the answer to an identical repeated bind
 *     ({@code PUT}, answered 200 with this), false for a {@code GET} of the binding
 */
public record FetchBindingRequest(String instanceId, String bindingId, String serviceId,
    String planId, BindingDetails recorded, ServiceBinding binding,
    RequestContext requestContext, boolean repeatedBind) {
  /**
   * Validates.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param bindingId the binding id from the path, decoded once
   * @param serviceId the {@code service_id} query parameter as sent, may be null
   * @param planId the {@code plan_id} query parameter as sent, may be null
   * @param recorded what the SDK answers unless the provider changes it: the registry's record of
   *     the binding, with its credentials only when the broker stores them
   * @param binding the binding as the registry holds it: the parameters, {@code bind_resource} and
   *     context of the bind that created it
   * @param requestContext headers, caller and ids of this request
   * @param repeatedBind true for an identical repeated bind, false for a {@code GET}
   */
  public FetchBindingRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(recorded, "recorded == null");
    Objects.requireNonNull(binding, "binding == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
