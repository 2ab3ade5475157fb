package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Provision, update, bind and IBM's state change take their request context from the body the
 * SDK reads (a reader interceptor attaches it from the request's properties): bodies of every
 * shape still get their OSB answers, a host application's entities are untouched, and a broker
 * mounted without its filters still refuses to call the provider or to show its catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestBodyContextTest {
  private static final String PROVISION =
      "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
          + "\"context\":{\"platform\":\"ibmcloud\"}}";
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void contextPlatformThatIsNoStringIsBadRequestOnEveryEndpointThatTakesAContext() {
    String iid = "/v2/service_instances/" + UUID.randomUUID();
    assertThat(server.call("PUT", iid).json(PROVISION).send().status()).isEqualTo(201);
    int provisions = sb.provisionCalls.get();
    int binds = sb.bindCalls.get();
    for (String platform : new String[] {"5", "true", "{}", "[\"ibmcloud\"]", "\"\""}) {
      String ids = "\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",";
      String context = "\"context\":{\"platform\":" + platform + "}}";
      Reply[] replies = {
          server.call("PUT", "/v2/service_instances/" + UUID.randomUUID())
              .json("{" + ids + context).send(),
          server.call("PATCH", iid).json("{" + ids + context).send(),
          server.call("PUT", iid + "/service_bindings/" + UUID.randomUUID())
              .json("{" + ids + context).send()};
      for (Reply r : replies) {
        assertThat(r.status()).as(platform + ": " + r).isEqualTo(400);
        assertThat(r.json().get("description").asText())
            .isEqualTo("The field 'context.platform' must be a non-empty string.");
      }
    }
    assertThat(sb.provisionCalls.get()).isEqualTo(provisions);
    assertThat(sb.bindCalls.get()).isEqualTo(binds);
  }

  @Test
  void emptyBodiesAreBadRequestWithAnOsbBodyAndNoProviderCall() {
    int before = sb.provisionCalls.get();
    for (String contentType : new String[] {"application/json", null}) {
      Reply r = server.call("PUT", "/v2/service_instances/empty-1")
          .body(contentType, HttpRequest.BodyPublishers.noBody()).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.json().get("description").asText()).isNotBlank();
      assertThat(r.header("X-Broker-API-Request-Identity")).isNotBlank();
    }
    Reply chunkedEmpty = server.call("PUT", "/v2/service_instances/empty-1")
        .body("application/json", HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.noBody())).send();
    assertThat(chunkedEmpty.status()).as(chunkedEmpty.toString()).isEqualTo(400);
    Reply update = server.call("PATCH", "/v2/service_instances/empty-1")
        .body("application/json", HttpRequest.BodyPublishers.noBody()).send();
    assertThat(update.status()).as(update.toString()).isEqualTo(400);
    Reply bind = server.call("PUT", "/v2/service_instances/empty-1/service_bindings/b1")
        .body("application/json", HttpRequest.BodyPublishers.noBody()).send();
    assertThat(bind.status()).as(bind.toString()).isEqualTo(400);
    Reply state = server.call("PUT", "/bluemix_v1/service_instances/empty-1")
        .body("application/json", HttpRequest.BodyPublishers.noBody()).send();
    assertThat(state.status()).as(state.toString()).isEqualTo(400);
    assertThat(sb.provisionCalls.get()).isEqualTo(before);
  }

  @Test
  void emptyBodyStillNeedsCredentials() {
    Reply r = server.call("PUT", "/v2/service_instances/empty-2").header("Authorization", null)
        .body("application/json", HttpRequest.BodyPublishers.noBody()).send();
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void chunkedBodyCarriesItsContextToTheProvider() {
    Reply r = server.call("PUT", "/v2/service_instances/chunked-1")
        .header("X-Broker-API-Request-Identity", "req-chunked-1")
        .body("application/json", HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofString(PROVISION))).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(sb.lastContext.requestId()).isEqualTo("req-chunked-1");
    assertThat(sb.lastContext.caller()).isNotNull();
  }

  @Test
  void headerNamesAreRecognisedInAnyCase() {
    Reply r = server.call("PUT", "/v2/service_instances/case-1")
        .header("Authorization", null).header("X-Broker-API-Version", null)
        .header("AUTHORIZATION", "Basic " + Base64.getEncoder().encodeToString(
            (TestServer.USER + ":" + TestServer.PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .header("x-broker-api-version", "2.17")
        .header("X-BROKER-API-REQUEST-IDENTITY", "req-case-1")
        .header("x-broker-api-originating-identity", "ibmcloud "
            + Base64.getEncoder().encodeToString("{\"iam_id\":\"IBMid-1\"}"
                .getBytes(StandardCharsets.UTF_8)))
        .body("application/json", HttpRequest.BodyPublishers.ofString(PROVISION))
        .header("Content-Type", null).header("content-type", "Application/JSON").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(sb.lastContext.requestId()).isEqualTo("req-case-1");
    assertThat(sb.lastContext.apiVersion().toString()).isEqualTo("2.17");
    assertThat(sb.lastContext.originatingIdentity()).isNotNull();
  }

  @Test
  void nonJsonBodyIsBadRequestBeforeAnythingElse() {
    Reply r = server.call("PUT", "/v2/service_instances/text-1")
        .body("text/plain", HttpRequest.BodyPublishers.ofString(PROVISION)).send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("JSON");
  }

  /** A host application's resource reading entities of its own. */
  @Path("/host/echo")
  public static final class Echo {
    /**
     * @param body the text
     * @return the text, reversed
     */
    @PUT
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_PLAIN)
    public String text(String body) {
      return new StringBuilder(body).reverse().toString();
    }

    /**
     * @param body the bytes
     * @return how many
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public String json(byte[] body) {
      return Integer.toString(body.length);
    }
  }

  @Test
  void hostEntitiesAreReadByTheContainerNotByTheSdk() {
    Broker broker = Broker.builder(new TestServiceBroker())
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .register(new Echo()).build();
    try (TestServer host = new TestServer(broker)) {
      Reply text = host.call("PUT", "/host/echo")
          .body("text/plain", HttpRequest.BodyPublishers.ofString("abc")).send();
      assertThat(text.status()).isEqualTo(200);
      assertThat(text.body()).isEqualTo("cba");
      Reply json = host.call("PUT", "/host/echo").json("{\"a\":1}").send();
      assertThat(json.status()).isEqualTo(200);
      assertThat(json.body()).isEqualTo("7");
    }
  }

  @Test
  void withoutTheBrokersFiltersNothingReachesTheProvider() throws Exception {
    TestServiceBroker provider = new TestServiceBroker();
    Broker broker = Broker.builder(provider)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build();
    ResourceConfig partial = new ResourceConfig();
    for (Object o : broker.singletons()) {
      if (!(o instanceof ContainerRequestFilter)) {
        partial.registerInstances(o);
      }
    }
    HttpServer http = GrizzlyHttpServerFactory.createHttpServer(
        URI.create("http://127.0.0.1:0/"), partial, false);
    http.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + http.getListener("grizzly").getPort());
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> full = client.send(HttpRequest.newBuilder(
              base.resolve("/v2/service_instances/no-filters"))
          .header("Content-Type", "application/json").header("X-Broker-API-Version", "2.17")
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              (TestServer.USER + ":" + TestServer.PASSWORD).getBytes(StandardCharsets.UTF_8)))
          .PUT(HttpRequest.BodyPublishers.ofString(PROVISION)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(full.statusCode()).as(full.body()).isEqualTo(500);
      assertThat(TestServer.JSON.readTree(full.body()).get("description").asText())
          .isNotBlank();
      HttpResponse<String> empty = client.send(HttpRequest.newBuilder(
              base.resolve("/v2/service_instances/no-filters"))
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(provider.provisionCalls.get()).isZero();
      // the catalog fails closed too: no filters, no authentication, no catalog
      HttpResponse<String> catalog = client.send(HttpRequest.newBuilder(
              base.resolve("/v2/catalog")).header("X-Broker-API-Version", "2.17").GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(500);
      assertThat(catalog.body()).doesNotContain("svc-1");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      http.shutdownNow();
      broker.close();
    }
  }
}
