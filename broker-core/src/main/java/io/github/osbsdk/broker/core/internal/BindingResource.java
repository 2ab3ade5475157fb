package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** The service-binding resource: bind, fetch, unbind and last operation. */
@Path(BrokerPaths.BINDING)
public final class BindingResource {
  private static final String IID = "instance_id";
  private static final String BID = "binding_id";
  private static final String ACCEPTS_INCOMPLETE = "accepts_incomplete";
  private final BindHandler bind;
  private final BindingHandler bindings;

  private final BrokerServices services;

  /**
   * Creates the resource.
   *
   * @param services the shared services
   */
  public BindingResource(BrokerServices services) {
    this.services = services;
    this.bind = new BindHandler(services);
    this.bindings = new BindingHandler(services);
  }

  /** Bind. */
  @PUT
  public Response bind(@Encoded @PathParam(IID) String instanceId,
      @Encoded @PathParam(BID) String bindingId,
      @QueryParam(ACCEPTS_INCOMPLETE) String acceptsIncomplete, RequestBody body) {
    return Endpoint.run(services, "bind", body,
        ctx -> bind.bind(instanceId, bindingId, acceptsIncomplete, ctx, body));
  }

  /** Unbind. */
  @DELETE
  public Response unbind(@Encoded @PathParam(IID) String instanceId,
      @Encoded @PathParam(BID) String bindingId,
      @QueryParam(ACCEPTS_INCOMPLETE) String acceptsIncomplete,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId,
      @Context SecurityContext security) {
    return Endpoint.run(services, "unbind", security, ctx -> bindings.unbind(instanceId,
        bindingId, acceptsIncomplete, serviceId, planId, ctx));
  }

  /** Fetch. */
  @GET
  public Response fetch(@Encoded @PathParam(IID) String instanceId,
      @Encoded @PathParam(BID) String bindingId,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId,
      @Context SecurityContext security) {
    return Endpoint.run(services, "fetchBinding", security,
        ctx -> bindings.fetch(instanceId, bindingId, serviceId, planId, ctx));
  }

  /** Last operation. */
  @GET
  @Path(BrokerPaths.BINDING_LAST_OPERATION)
  public Response lastOperation(@Encoded @PathParam(IID) String instanceId,
      @Encoded @PathParam(BID) String bindingId,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId,
      @QueryParam("operation") String operation,
      @Context SecurityContext security) {
    return Endpoint.run(services, "lastBindingOperation", security,
        ctx -> bindings.lastOperation(instanceId,
        bindingId, serviceId, planId, operation, ctx));
  }
}
