package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiltersAndCatalogTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void catalogAnswersOkWithJsonAndEtag() {
    Reply r = server.call("GET", "/v2/catalog").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/json");
    assertThat(r.json().at("/services/0/id").asText()).isEqualTo("svc-1");
    assertThat(r.json().at("/services/0/plans/0/maintenance_info/version").asText())
        .isEqualTo("1.0.0");
    assertThat(r.body()).doesNotContain("null");
    assertThat(r.header("ETag")).startsWith("\"");
  }

  @Test
  void catalogWithMatchingIfNoneMatchAnswersNotModified() {
    String etag = server.call("GET", "/v2/catalog").send().header("ETag");
    Reply r = server.call("GET", "/v2/catalog").header("If-None-Match", etag).send();
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.header("ETag")).isEqualTo(etag);
    Reply other = server.call("GET", "/v2/catalog").header("If-None-Match", "\"x\"").send();
    assertThat(other.status()).isEqualTo(200);
  }

  @Test
  void ifNoneMatchOnSeveralHeaderLinesIsReadWhole() {
    // RFC 9110 5.3: a list header may come as several lines; the match may be on any of them
    String etag = server.call("GET", "/v2/catalog").send().header("ETag");
    Reply r = server.call("GET", "/v2/catalog").header("If-None-Match", "\"stale\"")
        .extraHeader("If-None-Match", etag).send();
    assertThat(r.status()).isEqualTo(304);
  }

  @Test
  void missingVersionHeaderIsBadRequest() {
    Reply r = server.call("GET", "/v2/catalog").header("X-Broker-API-Version", null).send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("X-Broker-API-Version");
  }

  @Test
  void missingVersionHeaderIsPreconditionFailedWhenConfigured() {
    try (TestServer s412 = new TestServer(Broker.builder(new TestServiceBroker())
        .insecureWithoutAuthentication().missingVersionStatus(412).build())) {
      Reply r = s412.call("GET", "/v2/catalog").header("X-Broker-API-Version", null).send();
      assertThat(r.status()).isEqualTo(412);
    }
  }

  @Test
  void matrixParametersInThePathAreBadRequestAndAnEncodedSemicolonIsPartOfTheId() {
    String body = ProvisionTest.body("plan-sync", "{}");
    Reply matrix = server.call("PUT", "/v2/service_instances/m1;b=c").json(body).send();
    assertThat(matrix.status()).as(matrix.toString()).isEqualTo(400);
    assertThat(matrix.json().get("description").asText()).contains("%3B");
    assertThat(server.call("GET", "/v2/service_instances/m1").send().status()).isEqualTo(404);
    assertThat(server.call("GET", "/v2/service_instances/m1;x/last_operation").send().status())
        .isEqualTo(400);

    Reply encoded = server.call("PUT", "/v2/service_instances/m1%3Bb=c").json(body).send();
    assertThat(encoded.status()).as(encoded.toString()).isEqualTo(201);
    assertThat(server.call("GET", "/v2/service_instances/m1%3Bb=c").send().status())
        .isEqualTo(200);
  }

  @Test
  void unsupportedVersionsArePreconditionFailedNamingTheRange() {
    for (String v : new String[] {"1.0", "3.0", "2.11", "two", "2.", "+2.17", "2.+17",
        "2.17.0", "2 .17"}) {
      Reply r = server.call("GET", "/v2/catalog").header("X-Broker-API-Version", v).send();
      assertThat(r.status()).as(v).isEqualTo(412);
      assertThat(r.json().get("description").asText()).contains("2.12").contains("2.17");
    }
    assertThat(server.call("GET", "/v2/catalog").header("X-Broker-API-Version", "2.12").send()
        .status()).isEqualTo(200);
    assertThat(server.call("GET", "/v2/catalog").header("X-Broker-API-Version", "2.99").send()
        .status()).isEqualTo(200);
  }

  @Test
  void minimumVersionIsConfigurable() {
    try (TestServer s = new TestServer(Broker.builder(new TestServiceBroker())
        .insecureWithoutAuthentication().minimumApiVersion(new ApiVersion(2, 14)).build())) {
      assertThat(s.call("GET", "/v2/catalog").header("X-Broker-API-Version", "2.13").send()
          .status()).isEqualTo(412);
      assertThat(s.call("GET", "/v2/catalog").send().status()).isEqualTo(200);
    }
  }

  @Test
  void requestIdentityIsEchoedOrGenerated() {
    Reply r = server.call("GET", "/v2/catalog")
        .header("X-Broker-API-Request-Identity", "req-123").send();
    assertThat(r.header("X-Broker-API-Request-Identity")).isEqualTo("req-123");
    Reply generated = server.call("GET", "/v2/catalog").send();
    assertThat(generated.header("X-Broker-API-Request-Identity")).isNotBlank();
    Reply refused = server.call("GET", "/v2/catalog").header("Authorization", null)
        .header("X-Broker-API-Request-Identity", "req-401").send();
    assertThat(refused.header("X-Broker-API-Request-Identity")).isEqualTo("req-401");
  }

  @Test
  void missingCredentialsAreUnauthorizedWithChallenge() {
    Reply r = server.call("GET", "/v2/catalog").header("Authorization", null).send();
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
    assertThat(r.json().has("description")).isTrue();
  }

  @Test
  void wrongCredentialsAreUnauthorized() {
    String wrong = "Basic " + Base64.getEncoder()
        .encodeToString("platform:wrong".getBytes(StandardCharsets.UTF_8));
    for (String header : new String[] {wrong, "Bearer abc", "Basic !!!", "Basic"}) {
      Reply r = server.call("GET", "/v2/catalog").header("Authorization", header).send();
      assertThat(r.status()).as(header).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isNotNull();
    }
  }

  @Test
  void authenticationIsCheckedBeforeTheVersion() {
    Reply r = server.call("GET", "/v2/catalog").header("Authorization", null)
        .header("X-Broker-API-Version", null).send();
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void malformedOriginatingIdentityIsBadRequest() {
    String good = "cloudfoundry " + Base64.getEncoder()
        .encodeToString("{\"user_id\":\"u1\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(server.call("GET", "/v2/catalog")
        .header("X-Broker-API-Originating-Identity", good).send().status()).isEqualTo(200);
    String notObject = "cloudfoundry " + Base64.getEncoder()
        .encodeToString("[1]".getBytes(StandardCharsets.UTF_8));
    String truncated = "cloudfoundry " + Base64.getEncoder()
        .encodeToString("{".getBytes(StandardCharsets.UTF_8));
    String infinite = "cloudfoundry " + Base64.getEncoder()
        .encodeToString("{\"user_id\":\"u1\",\"n\":1e999999}".getBytes(StandardCharsets.UTF_8));
    for (String bad : new String[] {"cloudfoundry", "cloudfoundry %%%", notObject, truncated,
        infinite}) {
      Reply r = server.call("GET", "/v2/catalog")
          .header("X-Broker-API-Originating-Identity", bad).send();
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().get("description").asText()).contains("Originating-Identity");
    }
  }

  @Test
  void unknownPathGetsJsonNotFound() {
    Reply r = server.call("GET", "/v2/nothing_here").send();
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("description").asText()).isNotBlank();
  }

  @Test
  void unknownPathNeedsAuthenticationToo() {
    assertThat(server.call("GET", "/v2/nothing_here").header("Authorization", null).send()
        .status()).isEqualTo(401);
  }

  @Test
  void matrixParametersOnTheFirstSegmentDoNotSkipTheBrokersFilters() {
    // JAX-RS matches /v2;x=y/catalog as /v2/catalog: it must be authenticated, and then refused
    // like any other ';' in the path
    for (String path : new String[] {"/v2;x=y/catalog", "/v2;/catalog",
        "/bluemix_v1;x=y/service_instances/m1"}) {
      Reply anonymous = server.call("GET", path).header("Authorization", null).send();
      assertThat(anonymous.status()).as(path).isEqualTo(401);
      assertThat(anonymous.body()).as(path).doesNotContain("svc-1");
      Reply authenticated = server.call("GET", path).send();
      assertThat(authenticated.status()).as(path).isEqualTo(400);
      assertThat(authenticated.json().get("description").asText()).contains("%3B");
    }
    assertThat(server.call("PUT", "/v2;x=y/service_instances/m2")
        .header("Authorization", null).json(ProvisionTest.body("plan-sync", "{}")).send()
        .status()).isEqualTo(401);
    assertThat(server.call("GET", "/v2/service_instances/m2").send().status()).isEqualTo(404);
  }

  @Test
  void wrongMethodGetsJsonMethodNotAllowed() {
    Reply r = server.call("POST", "/v2/catalog").json("{}").send();
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.json().get("description").asText()).isNotBlank();
  }

  @Test
  void anAuthenticatorThrowingACheckedExceptionFailsClosedWithAnOsbError() {
    // an authenticator written in Kotlin may throw a checked exception it does not declare
    Authenticator failing = new Authenticator() {
      @Override
      public AuthenticatedCaller authenticate(String authorization) {
        return sneakyThrow(new IOException("connect to ldap.internal failed"));
      }

      @Override
      public String challenge() {
        return "Basic realm=\"x\"";
      }
    };
    try (TestServer s = new TestServer(
        Broker.builder(new TestServiceBroker()).authenticator(failing).build())) {
      Reply r = s.call("GET", "/v2/catalog").send();
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.json().get("description").asText()).isNotBlank();
      assertThat(r.body()).doesNotContain("ldap.internal").doesNotContain("svc-1");
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> AuthenticatedCaller sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void builderRefusesToBuildWithoutAuthenticator() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Broker.builder(new TestServiceBroker()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("authenticator");
  }

  @Test
  void applicationAndSingletonsHoldTheSameInstances() {
    Broker b = Broker.builder(new TestServiceBroker())
        .authenticator(BasicAuthenticator.of("a", "b")).register(new Object()).build();
    @SuppressWarnings("deprecation") // getSingletons is the contract of the application
    var fromApp = b.application().getSingletons();
    assertThat(fromApp).isEqualTo(b.singletons()).hasSizeGreaterThan(9);
    b.close();
  }

  @Test
  void catalogIsJsonWhateverTheAcceptHeader() {
    Reply r = server.call("GET", "/v2/catalog").header("Accept", "text/html").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void changedCatalogGetsANewEtagAndIsUsedForValidation() {
    var current = new java.util.concurrent.atomic.AtomicReference<>(TestServiceBroker.CATALOG);
    TestServiceBroker dynamic = new TestServiceBroker() {
      @Override
      public Catalog catalog() {
        return current.get();
      }
    };
    try (TestServer s = new TestServer(Broker.builder(dynamic).insecureWithoutAuthentication()
        .build())) {
      String first = s.call("GET", "/v2/catalog").send().header("ETag");
      current.set(io.github.osbsdk.broker.api.catalog.Catalog.of(
          io.github.osbsdk.broker.api.catalog.ServiceOffering.builder("svc-9", "nine", "Nine")
              .bindable(false).plan(io.github.osbsdk.broker.api.catalog.Plan
                  .builder("plan-9", "p9", "Plan nine").build()).build()));
      Reply second = s.call("GET", "/v2/catalog").send();
      assertThat(second.header("ETag")).isNotEqualTo(first);
      assertThat(second.json().at("/services/0/id").asText()).isEqualTo("svc-9");
      assertThat(s.call("PUT", "/v2/service_instances/x").json("{\"service_id\":\"svc-9\","
          + "\"plan_id\":\"plan-9\",\"context\":{}}").send().status()).isEqualTo(201);
    }
  }

  @Test
  void aCatalogThatFailsIsAnOsbErrorAndRequestsKeepTheLastValidOne() {
    AtomicInteger mode = new AtomicInteger();
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public Catalog catalog() {
        return switch (mode.get()) {
          case 1 -> throw new IllegalStateException("secret catalog detail");
          case 2 -> throw new StackOverflowError();
          case 3 -> null;
          case 4 -> Catalog.of(ServiceOffering.builder("svc-1", "test-service", "Twice one id")
              .plan(Plan.builder("p", "one", "One").build())
              .plan(Plan.builder("p", "two", "Two").build()).build());
          default -> CATALOG;
        };
      }
    };
    try (TestServer s = TestServer.start(provider)) {
      for (int m = 1; m <= 4; m++) {
        mode.set(m);
        Reply r = s.call("GET", "/v2/catalog").send();
        assertThat(r.status()).as(m + " " + r).isEqualTo(500);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Broker-API-Request-Identity")).isNotNull();
        assertThat(r.json().get("description").asText()).contains("internal error")
            .doesNotContain("secret");
        assertThat(s.call("PUT", "/v2/service_instances/" + ProvisionTest.id())
            .json(ProvisionTest.body("plan-sync", "{}")).send().status()).isEqualTo(201);
      }
      mode.set(0);
      assertThat(s.call("GET", "/v2/catalog").send().status()).isEqualTo(200);
    }
  }
}
