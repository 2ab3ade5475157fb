package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateUpdate;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IBM Cloud's instance state: {@code GET} answers 200 {@code {enabled, active, last_active}} or
 * 404; {@code PUT {"enabled": bool, "initiator_id"?, "reason_code"?}} stores the new state,
 * answers 200 with it and then tells the provider.
 */
@Path(BrokerPaths.INSTANCE_STATE)
public final class InstanceStateResource {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceStateResource.class);
  private static final String ID = "instance_id";
  private final BrokerServices s;

  /** @param services the shared services */
  public InstanceStateResource(BrokerServices services) {
    this.s = services;
  }

  /** Reads the state. */
  @GET
  public Response state(@Encoded @PathParam(ID) String rawInstanceId) {
    Calls.context();
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    InstanceState state = s.states().find(instanceId).orElseThrow(InstanceStateResource::unknown);
    return Calls.json(200, state);
  }

  /** Enables or disables the instance. */
  @PUT
  public Response update(@Encoded @PathParam(ID) String rawInstanceId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      InputStream in) {
    RequestContext ctx = Calls.context();
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    ObjectNode body = s.bodies().readObject(contentType, contentLength, in);
    InstanceStateUpdate update = new InstanceStateUpdate(
        s.fields().bool(body, "enabled", true),
        s.fields().string(body, "initiator_id", false),
        s.fields().string(body, "reason_code", false));
    InstanceState state = s.states().update(instanceId, update)
        .orElseThrow(InstanceStateResource::unknown);
    LOG.info("Instance {} by {} (reason {})", update.enabled() ? "enabled" : "disabled",
        update.initiatorId(), update.reasonCode());
    s.broker().instanceStateChanged(instanceId, state, update, ctx);
    return Calls.json(200, state);
  }

  private static ServiceBrokerException unknown() {
    return ServiceBrokerException.notFound("The service instance is unknown.");
  }
}
