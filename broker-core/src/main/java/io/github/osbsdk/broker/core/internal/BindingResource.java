package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
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

  /**
   * {@code OPTIONS} on a binding, answered by the SDK ({@link Endpoint#options}).
   *
   * @param security the request's security context, set by the broker's filters
   * @return 200 with the methods a binding serves in {@code Allow}
   */
  @OPTIONS
  public Response options(@Context SecurityContext security) {
    return Endpoint.options(services, security, "PUT, DELETE, GET, HEAD, OPTIONS");
  }

  /**
   * {@code OPTIONS} on a binding's last operation, answered by the SDK.
   *
   * @param security the request's security context, set by the broker's filters
   * @return 200 with {@code Allow: GET, HEAD, OPTIONS}
   */
  @OPTIONS
  @Path(BrokerPaths.BINDING_LAST_OPERATION)
  public Response lastOperationOptions(@Context SecurityContext security) {
    return Endpoint.options(services, security, "GET, HEAD, OPTIONS");
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
