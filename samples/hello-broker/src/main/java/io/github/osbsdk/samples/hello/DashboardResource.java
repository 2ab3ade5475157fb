package io.github.osbsdk.samples.hello;

import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The target of {@code dashboard_url}: {@code /dashboard/{url-encoded instance id}}.
 *
 * <p>A placeholder that shows no instance data, because it is not authenticated. A real IBM Cloud
 * broker serves the dashboard behind IAM single sign-on instead (broker-iam's
 * {@code DashboardSso}, registered with {@code Broker.Builder.register}).
 */
@Path("/dashboard/{instanceId}")
public final class DashboardResource {
  /** Creates the resource. */
  public DashboardResource() {}

  /**
    * The placeholder dashboard of an instance, served when dashboard SSO is off.
    *
   * @param instanceId the instance id, percent-encoded
   * @return a static page
   */
  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response dashboard(@PathParam("instanceId") @Encoded String instanceId) {
    if (PathSegments.decode(instanceId).isEmpty()) {
      return Response.status(Response.Status.BAD_REQUEST).build();
    }
    return Response.ok("<!doctype html><title>hello-kv</title><h1>hello-kv</h1>"
        + "<p>This sample's dashboard is a placeholder. Production brokers put IAM single"
        + " sign-on here.</p>\n").build();
  }
}
