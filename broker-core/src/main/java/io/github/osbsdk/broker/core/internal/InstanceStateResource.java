package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateRequest;
import io.github.osbsdk.broker.api.state.InstanceStateUpdate;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredInstance;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IBM Cloud's instance state, kept on the registry's instance row: {@code GET} answers 200
 * {@code {enabled, active, last_active}} or 404; {@code PUT {"enabled": bool, "initiator_id"?,
 * "reason_code"?}} tells the provider, then stores the new state and answers 200 with it (a
 * provider that throws is answered as on any call and the state stays unchanged). An
 * instance is known from the moment its provision is accepted: a state set while it is being
 * provisioned is answered and kept when the provision ends (the store's finish keeps the enabled
 * state); one whose provision failed is 404.
 */
@Path(BrokerPaths.INSTANCE_STATE)
public final class InstanceStateResource {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceStateResource.class);
  private static final String ID = "instance_id";
  private final BrokerServices services;

  /**
   * Creates the resource.
   *
   * @param services the shared services
   */
  public InstanceStateResource(BrokerServices services) {
    this.services = services;
  }

  /**
   * Reads the state.
   *
   * @param rawInstanceId the raw instance id
   * @param security the request's security context, carrying the request context
   * @return the response
   */
  @GET
  public Response state(@Encoded @PathParam(ID) String rawInstanceId,
      @Context SecurityContext security) {
    return Endpoint.run(services, "instanceState", security, ctx -> {
      String instanceId = Ids.decode(rawInstanceId, "instance_id");
      return JsonResponses.json(200, state(find(instanceId)));
    });
  }

  /**
   * Enables or disables the instance.
   *
   * @param rawInstanceId the raw instance id
   * @param in the body, carrying the request context ({@link RequestBody})
   * @return the response
   */
  @PUT
  public Response update(@Encoded @PathParam(ID) String rawInstanceId, RequestBody in) {
    return Endpoint.run(services, "instanceStateChanged", in, ctx -> {
      String instanceId = Ids.decode(rawInstanceId, "instance_id");
      ObjectNode body = in.object(services.bodies());
      InstanceStateUpdate update = new InstanceStateUpdate(
          services.fields().bool(body, "enabled", true),
          services.fields().string(body, "initiator_id", false),
          services.fields().string(body, "reason_code", false));
      StoredInstance before = find(instanceId);
      Instant at = update.enabled() ? services.runner().now() : before.enabledChangedAt();
      // the provider first: when it fails, nothing is stored and the platform, answered with its
      // error, rightly believes the state unchanged (a restore after storing could undo a
      // concurrent PUT's change)
      try {
        services.broker().instanceStateChanged(new InstanceStateRequest(instanceId,
            new InstanceState(update.enabled(), update.enabled(), at), update,
            InstanceRecords.view(before, services.mapper()), ctx));
      } catch (ServiceBrokerException e) {
        throw services.answers().sanitize(e, false, false, "instanceStateChanged", ctx);
      }
      StoredInstance after = services.store().setEnabled(instanceId, update.enabled(), at)
          .orElseThrow(InstanceStateResource::unknown);
      // initiator_id and reason_code are optional: an absent one is left out, not "null"
      LOG.info("Instance {} {}{}{}", LogText.quote(instanceId),
          update.enabled() ? "enabled" : "disabled",
          update.initiatorId() == null ? "" : " by " + LogText.quote(update.initiatorId()),
          update.reasonCode() == null ? "" : " (reason " + LogText.quote(update.reasonCode())
              + ")");
      return JsonResponses.json(200, state(after));
    });
  }

  /**
   * {@code OPTIONS} on an instance's state, answered by the SDK ({@link Endpoint#options}).
   *
   * @param security the request's security context, set by the broker's filters
   * @return 200 with {@code Allow: GET, PUT, HEAD, OPTIONS}
   */
  @OPTIONS
  public Response options(@Context SecurityContext security) {
    return Endpoint.options(services, security, "GET, PUT, HEAD, OPTIONS");
  }

  private StoredInstance find(String instanceId) {
    StoredInstance i = services.store().findInstance(instanceId).orElseThrow(
        InstanceStateResource::unknown);
    if (i.status() == InstanceStatus.PROVISION_FAILED) {
      throw ServiceBrokerException.notFound(InstanceHandler.PROVISION_FAILED);
    }
    return i; // known from the moment its provision was accepted: a disable then is kept
  }

  private static InstanceState state(StoredInstance i) {
    return new InstanceState(i.enabled(), i.enabled(), i.enabledChangedAt());
  }

  private static ServiceBrokerException unknown() {
    return ServiceBrokerException.notFound("The service instance is unknown.");
  }
}
