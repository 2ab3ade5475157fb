package io.github.osbsdk.broker.core.internal;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The service-instance resource: provision, fetch, update, deprovision and last operation. Ids are
 * taken raw and decoded once; bodies are read and checked by the SDK (content type, size, JSON).
 */
@Path(BrokerPaths.INSTANCE)
public final class InstanceResource {
  private static final String ID = "instance_id";
  private static final String ACCEPTS_INCOMPLETE = "accepts_incomplete";
  private final ProvisionHandler provision;
  private final UpdateHandler update;
  private final InstanceHandler instances;

  /** @param services the shared services */
  public InstanceResource(BrokerServices services) {
    this.provision = new ProvisionHandler(services);
    this.update = new UpdateHandler(services);
    this.instances = new InstanceHandler(services);
  }

  /** Provision. */
  @PUT
  public Response provision(@Encoded @PathParam(ID) String instanceId,
      @QueryParam(ACCEPTS_INCOMPLETE) String acceptsIncomplete,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      InputStream body) {
    return provision.provision(instanceId, acceptsIncomplete, contentType, contentLength,
        Calls.context(), body);
  }

  /** Update. */
  @PATCH
  public Response update(@Encoded @PathParam(ID) String instanceId,
      @QueryParam(ACCEPTS_INCOMPLETE) String acceptsIncomplete,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      InputStream body) {
    return update.update(instanceId, acceptsIncomplete, contentType, contentLength,
        Calls.context(), body);
  }

  /** Deprovision. */
  @DELETE
  public Response deprovision(@Encoded @PathParam(ID) String instanceId,
      @QueryParam(ACCEPTS_INCOMPLETE) String acceptsIncomplete,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId) {
    return instances.deprovision(instanceId, acceptsIncomplete, serviceId, planId,
        Calls.context());
  }

  /** Fetch. */
  @GET
  public Response fetch(@Encoded @PathParam(ID) String instanceId,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId) {
    return instances.fetch(instanceId, serviceId, planId, Calls.context());
  }

  /** Last operation. */
  @GET
  @Path(BrokerPaths.INSTANCE_LAST_OPERATION)
  public Response lastOperation(@Encoded @PathParam(ID) String instanceId,
      @QueryParam("service_id") String serviceId, @QueryParam("plan_id") String planId,
      @QueryParam("operation") String operation) {
    return instances.lastOperation(instanceId, serviceId, planId, operation,
        Calls.context());
  }
}
