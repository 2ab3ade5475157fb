package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The service-instance resource: provision, fetch, update, deprovision and last operation. Ids are
 * taken raw and decoded once; bodies are read and checked by the SDK (content type, size, JSON)
 * and bring the request's context with them ({@link RequestBody}).
 */
@Path(BrokerPaths.INSTANCE)
public final class InstanceResource {
  private static final String ID = "instance_id";
  private static final String ACCEPTS_INCOMPLETE = "accepts_incomplete";
  private final ProvisionHandler provision;
  private final UpdateHandler update;
  private final InstanceHandler instances;

  private final BrokerServices services;

  /**
   * Creates the resource.
   *
   * @param services the shared services
   */
  public InstanceResource(BrokerServices services) {
    this.services = services;
    this.provision = new ProvisionHandler(services);
    this.update = new UpdateHandler(services);
    this.instances = new InstanceHandler(services);
  }

  /** Provision. */
  @PUT
  public Response provision(@Encoded @PathParam(ID) String instanceId,
      @QueryParam(ACCEPTS_INCOMPLETE) String acceptsIncomplete, RequestBody body) {
    return Endpoint.run(services, "provision", body,
        ctx -> provision.provision(instanceId, acceptsIncomplete, ctx, body));
  }

  /** Update. */
  @PATCH
  public Response update(@Encoded @PathParam(ID) String instanceId,
      @QueryParam(ACCEPTS_INCOMPLETE) String acceptsIncomplete, RequestBody body) {
    return Endpoint.run(services, "update", body,
        ctx -> update.update(instanceId, acceptsIncomplete, ctx, body));
  }

  /** Deprovision. */
  @DELETE
  public Response deprovision(@Encoded @PathParam(ID) String instanceId,
      @QueryParam(ACCEPTS_INCOMPLETE) String acceptsIncomplete,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId,
      @Context SecurityContext security) {
    return Endpoint.run(services, "deprovision", security,
        ctx -> instances.deprovision(instanceId,
        acceptsIncomplete, serviceId, planId, ctx));
  }

  /** Fetch. */
  @GET
  public Response fetch(@Encoded @PathParam(ID) String instanceId,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId,
      @Context SecurityContext security) {
    return Endpoint.run(services, "fetchInstance", security,
        ctx -> instances.fetch(instanceId, serviceId, planId, ctx));
  }

  /**
   * {@code OPTIONS} on an instance, answered by the SDK ({@link Endpoint#options}).
   *
   * @param security the request's security context, set by the broker's filters
   * @return 200 with the methods an instance serves in {@code Allow}
   */
  @OPTIONS
  public Response options(@Context SecurityContext security) {
    return Endpoint.options(services, security, "PUT, PATCH, DELETE, GET, HEAD, OPTIONS");
  }

  /**
   * {@code OPTIONS} on an instance's last operation, answered by the SDK.
   *
   * @param security the request's security context, set by the broker's filters
   * @return 200 with {@code Allow: GET, HEAD, OPTIONS}
   */
  @OPTIONS
  @Path(BrokerPaths.INSTANCE_LAST_OPERATION)
  public Response lastOperationOptions(@Context SecurityContext security) {
    return Endpoint.options(services, security, "GET, HEAD, OPTIONS");
  }

  /** Last operation. */
  @GET
  @Path(BrokerPaths.INSTANCE_LAST_OPERATION)
  public Response lastOperation(@Encoded @PathParam(ID) String instanceId,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId,
      @QueryParam("operation") String operation,
      @Context SecurityContext security) {
    return Endpoint.run(services, "lastOperation", security,
        ctx -> instances.lastOperation(instanceId,
        serviceId, planId, operation, ctx));
  }
}
