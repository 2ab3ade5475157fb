package io.github.osbsdk.broker.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.OperationState;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import io.github.osbsdk.broker.testkit.support.StubServer;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OsbClientTest extends StubServerFixture {
  @Test
  void catalogIsParsedIntoTheRecordWithStatusHeadersAndRawBody() {
    stub.body = "{\"services\":[{\"id\":\"s1\",\"name\":\"svc\",\"description\":\"d\","
        + "\"bindable\":true,\"plans\":[{\"id\":\"p1\",\"name\":\"small\","
        + "\"description\":\"d\"}]}]}";
    stub.headers = Map.of("Content-Type", "application/json", "ETag", "\"v1\"");
    OsbClient client = OsbClient.builder(stub.url()).basicAuth("user", "pw").build();

    OsbResponse<Catalog> r = client.catalog();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("etag")).contains("\"v1\"");
    assertThat(r.body().services()).singleElement()
        .satisfies(s -> assertThat(s.plans().get(0).name()).isEqualTo("small"));
    assertThat(r.rawBody()).contains("\"svc\"");
    StubServer.Seen seen = stub.last();
    assertThat(seen.method()).isEqualTo("GET");
    assertThat(seen.rawPath()).isEqualTo("/v2/catalog");
    assertThat(seen.headers().get("X-broker-api-version")).containsExactly("2.17");
    assertThat(seen.headers().get("Authorization")).containsExactly("Basic "
        + Base64.getEncoder().encodeToString("user:pw".getBytes()));
  }

  @Test
  void crnIdsArePercentEncodedExactlyOnce() {
    String crn = "crn:v1:bluemix:public:svc:us-south:a/acct:inst-1::";

    client().bind(crn, crn + "key", Map.of("service_id", "s", "plan_id", "p"), true);

    assertThat(stub.last().rawPath()).isEqualTo("/v2/service_instances/"
        + "crn%3Av1%3Abluemix%3Apublic%3Asvc%3Aus-south%3Aa%2Facct%3Ainst-1%3A%3A"
        + "/service_bindings/crn%3Av1%3Abluemix%3Apublic%3Asvc%3Aus-south%3Aa%2Facct%3Ainst-1"
        + "%3A%3Akey");
    assertThat(stub.last().rawQuery()).isEqualTo("accepts_incomplete=true");
    assertThat(stub.last().headers().get("Content-type")).containsExactly("application/json");
  }

  @Test
  void provisionSendsTheBodyAndParsesA202() {
    stub.status = 202;
    stub.body = "{\"operation\":\"op 1/2\",\"dashboard_url\":\"https://dash/x\"}";
    OsbResponse<ProvisionResponse> r = client().provision("i1",
        Map.of("service_id", "s", "plan_id", "p"), true);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body().dashboardUrl()).isEqualTo("https://dash/x");
    assertThat(r.operation()).contains("op 1/2");
    assertThat(stub.last().method()).isEqualTo("PUT");
    assertThat(stub.last().body()).contains("\"service_id\":\"s\"");
  }

  @Test
  void lastOperationSendsTheOperationPercentEncoded() {
    stub.body = "{\"state\":\"in progress\"}";
    stub.headers = Map.of("Content-Type", "application/json", "Retry-After", "3");
    OsbResponse<LastOperationResponse> r = client().lastOperation(LastOperation.instance("i1")
        .service("s").plan("p").operation("op 1/2&x"));

    assertThat(r.body().state()).isEqualTo(OperationState.IN_PROGRESS);
    assertThat(r.header("Retry-After")).contains("3");
    assertThat(stub.last().rawPath()).isEqualTo("/v2/service_instances/i1/last_operation");
    assertThat(stub.last().rawQuery())
        .isEqualTo("service_id=s&plan_id=p&operation=op%201%2F2%26x");
  }

  @Test
  void errorBodiesAreParsedAsOsbErrors() {
    stub.status = 422;
    stub.body = "{\"error\":\"AsyncRequired\",\"description\":\"needs async\"}";
    OsbResponse<ProvisionResponse> r = client().provision("i1", Map.of(), false);

    assertThat(r.body()).isNull();
    assertThat(r.error().error()).isEqualTo("AsyncRequired");
    assertThat(r.errorCode()).contains("AsyncRequired");
    assertThat(stub.last().rawQuery()).isNull();
  }

  @Test
  void nullIdsLeaveQueryParametersOut() {
    client().deprovision(Deprovision.instance("i1").plan("p"));

    assertThat(stub.last().rawQuery()).isEqualTo("plan_id=p");
  }

  @Test
  void rawRequestsCanOmitDefaultHeadersAndSendAnyBody() {
    stub.status = 400;
    stub.body = "not json";
    OsbClient client = OsbClient.builder(stub.url()).bearer("tok").build();

    OsbResponse<JsonNode> r = client.send(RawRequest.builder("PUT", "/v2/service_instances/x")
        .omitHeader("X-Broker-API-Version").query("accepts_incomplete", "true")
        .body("{broken", "text/plain").build());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json()).isNull();
    assertThat(r.rawBody()).isEqualTo("not json");
    assertThat(stub.last().headers()).doesNotContainKey("X-broker-api-version");
    assertThat(stub.last().headers().get("Content-type")).containsExactly("text/plain");
    assertThat(stub.last().headers().get("Authorization")).containsExactly("Bearer tok");
    assertThat(stub.last().body()).isEqualTo("{broken");
  }

  @Test
  void reportsMaskCredentialsInRequestsAndResponses() {
    stub.status = 201;
    stub.body = "{\"credentials\":{\"password\":\"hunter2\"}}";
    OsbClient client = OsbClient.builder(stub.url()).basicAuth("user", "topsecret").build();

    OsbResponse<?> r = client.bind("i", "b", Map.of(), false);

    assertThat(r.request().describe()).contains("Authorization: Basic ****")
        .doesNotContain(Base64.getEncoder().encodeToString("user:topsecret".getBytes()));
    assertThat(r.describe()).contains("HTTP 201").contains("\"password\":\"****\"")
        .doesNotContain("hunter2");
  }

  @Test
  void iamApiKeyIsExchangedOnceForABearerToken() {
    try (IamSimulator iam = IamSimulator.start()) {
      iam.registerApiKey("my-api-key", "iam-ServiceId-123");
      OsbClient client = OsbClient.builder(stub.url()).iamApiKey(iam.baseUrl(), "my-api-key")
          .build();

      client.catalog();
      client.catalog();

      assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
      String auth = stub.last().headers().get("Authorization").get(0);
      assertThat(auth).startsWith("Bearer ey");
      assertThat(stub.seen.get(0).headers().get("Authorization")).containsExactly(auth);
    }
  }

  @Test
  void copiesChangeCredentialsAndHeadersWithoutTouchingTheOriginal() {
    OsbClient client = OsbClient.builder(stub.url()).basicAuth("u", "p").apiVersion("2.14")
        .build();

    client.withoutCredentials().withHeader("X-Broker-API-Request-Identity", "rid").catalog();
    assertThat(stub.last().headers()).doesNotContainKey("Authorization");
    assertThat(stub.last().headers().get("X-broker-api-request-identity")).containsExactly("rid");
    assertThat(stub.last().headers().get("X-broker-api-version")).containsExactly("2.14");

    client.catalog();
    assertThat(stub.last().headers()).containsKey("Authorization");
    assertThat(stub.last().headers()).doesNotContainKey("X-broker-api-request-identity");
  }

  @Test
  void urlsWithCredentialsOrWithoutHttpAreRefusedWithoutEchoingThem() {
    URI withPassword = URI.create("http://admin:pw-in-url@127.0.0.1:1");
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
        () -> OsbClient.builder(withPassword),
        () -> OsbClient.builder(stub.url()).replica(withPassword),
        () -> OsbClient.builder(stub.url()).iamApiKey(withPassword, "k"),
        () -> ConformanceSuite.builder().url(withPassword),
        () -> ConformanceSuite.builder().urls(List.of(stub.url(), withPassword)),
        () -> ConformanceSuite.builder().iamApiKey(withPassword, "k"));
    for (var call : calls) {
      assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("user:password@").hasMessageNotContaining("pw-in-url");
    }
    assertThatThrownBy(() -> OsbClient.builder(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
    assertThatThrownBy(() -> ConformanceSuite.builder().url(URI.create("ftp://host/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
  }

  @Test
  void baseUrlsWithAQueryOrFragmentAreRefused() {
    for (String url : List.of("http://127.0.0.1:1/?x=1", "http://127.0.0.1:1/broker#top",
        "http://127.0.0.1:1#")) {
      URI u = URI.create(url);
      List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
          () -> OsbClient.builder(u),
          () -> OsbClient.builder(stub.url()).replica(u),
          () -> OsbClient.builder(stub.url()).iamApiKey(u, "k"),
          () -> ConformanceSuite.builder().url(u));
      for (var call : calls) {
        assertThatThrownBy(call).as(url).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("without ?query or #fragment");
      }
    }
  }

  @Test
  void aTimeoutNotPositiveOrLongerThanADayIsRefusedNamingTheSettingAndItsRange() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1),
        Duration.ofHours(24).plusMillis(1), Duration.ofSeconds(Integer.MAX_VALUE),
        Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThatThrownBy(() -> OsbClient.builder(stub.url()).timeout(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout: the request timeout must be positive and at most 24 hours: "
              + bad);
    }
  }

  @Test
  void theLongestTimeoutIsTheSuitesLongestRequestTimeoutAndRequestsGoOutWithIt() {
    assertThat(OsbClientBuilder.MAX_TIMEOUT).isEqualTo(Duration.ofHours(24))
        .isEqualTo(ConformanceSuite.Builder.MAX_REQUEST_TIMEOUT);
    stub.body = "{\"services\":[]}";
    OsbClient client = OsbClient.builder(stub.url()).timeout(Duration.ofNanos(1))
        .timeout(OsbClientBuilder.MAX_TIMEOUT).build();

    assertThat(client.catalog().status()).isEqualTo(200);
  }

  @Test
  void aRefusedBaseUrlIsQuotedWithItsQueryAndFragmentValuesMasked() {
    URI query = URI.create("http://127.0.0.1:1/?token=t0k3n#sig=s1g");
    for (var call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
        () -> OsbClient.builder(query), () -> ConformanceSuite.builder().url(query))) {
      assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith(": http://127.0.0.1:1/?token=***#sig=***")
          .message().doesNotContain("t0k3n").doesNotContain("s1g");
    }
    assertThatThrownBy(() -> OsbClient.builder(URI.create("ftp://host/?token=t0k3n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("http(s) URL with a host: ftp://host/?token=***");
  }
}
