package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtraComponentTest {
  /** A resource outside the OSB paths, as broker-iam's dashboard SSO registers one. */
  @Path("/dashboard/{id}")
  public static final class Dashboard {
    /** @param id the instance id @return a greeting */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> show(@PathParam("id") String id) {
      return Map.of("instance", id);
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
