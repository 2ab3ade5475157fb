package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.junit.jupiter.api.Test;

class ExtraComponentTest {
  /** A resource outside the OSB paths, as broker-iam's dashboard SSO registers one. */
  @Path("/dashboard/{id}")
  public static final class Dashboard {
    /**
     * @param id the instance id
     * @return a greeting
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String show(@PathParam("id") String id) {
      return "{\"instance\":\"" + id + "\"}";
    }
  }

  /** A host application's resource that fails, in the same JAX-RS application. */
  @Path("/host")
  public static final class HostResource {
    /**
     * Fails with an exception the host maps itself.
     *
     * @return never
     */
    @GET
    @Path("mapped")
    public String mapped() {
      throw new IllegalArgumentException("host failure");
    }

    /**
     * Fails with an exception nobody maps.
     *
     * @return never
     */
    @GET
    @Path("unmapped")
    public String unmapped() {
      throw new IllegalStateException("host crash");
    }

    /**
     * Fails with a JAX-RS exception.
     *
     * @return never
     */
    @GET
    @Path("teapot")
    public String teapot() {
      throw new WebApplicationException(Response.status(418).entity("short and stout")
          .type(MediaType.TEXT_PLAIN).build());
    }
  }

  /** The host application's own mapper. */
  public static final class HostMapper implements ExceptionMapper<IllegalArgumentException> {
    @Override
    public Response toResponse(IllegalArgumentException e) {
      return Response.status(409).type(MediaType.TEXT_PLAIN).entity("host mapped").build();
    }
  }

  @Test
  void hostResourcesKeepTheirOwnAndTheContainersErrorHandling() {
    Broker broker = Broker.builder(new TestServiceBroker())
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .register(new HostResource()).register(new HostMapper()).build();
    try (TestServer server = new TestServer(broker)) {
      Reply mapped = server.call("GET", "/host/mapped").send();
      assertThat(mapped.status()).isEqualTo(409);
      assertThat(mapped.body()).isEqualTo("host mapped");
      Reply unmapped = server.call("GET", "/host/unmapped").send();
      assertThat(unmapped.status()).isEqualTo(500);
      assertThat(unmapped.body()).doesNotContain("service broker")
          .doesNotContain("\"description\"");
      Reply teapot = server.call("GET", "/host/teapot").send();
      assertThat(teapot.status()).isEqualTo(418);
      assertThat(teapot.body()).isEqualTo("short and stout");
      // the broker's own paths still answer OSB error bodies
      Reply unknown = server.call("GET", "/v2/nothing-here").send();
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.json().get("description").asText()).isNotBlank();
    }
  }

  @Test
  void registeredComponentsOutsideBrokerPathsAreServedWithoutBrokerFilters() {
    Broker broker = Broker.builder(new TestServiceBroker())
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .register(new Dashboard()).build();
    try (TestServer server = new TestServer(broker)) {
      Reply r = server.call("GET", "/dashboard/abc").header("Authorization", null)
          .header("X-Broker-API-Version", null).send();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("instance").asText()).isEqualTo("abc");
      assertThat(r.header("X-Broker-API-Request-Identity")).isNull();
      assertThat(server.call("GET", "/v2/catalog").header("Authorization", null).send()
          .status()).isEqualTo(401);
    }
  }

  @Test
  void insecureModeServesWithoutCredentialsAndWithoutCaller() {
    TestServiceBroker sb = new TestServiceBroker();
    try (TestServer server = new TestServer(Broker.builder(sb).insecureWithoutAuthentication()
        .build())) {
      Reply r = server.call("PUT", "/v2/service_instances/i1").header("Authorization", null)
          .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":{}}").send();
      assertThat(r.status()).isEqualTo(201);
      assertThat(sb.lastContext.caller()).isNull();
    }
  }
}
