package io.github.osbsdk.samples.hello.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.samples.hello.HelloCatalog;
import io.github.osbsdk.samples.hello.OsbErrorJson;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that an outside review of the HTTP surface found answered differently by the
 * containers of the matrix (Jersey on Grizzly, RESTEasy on Undertow, CXF on Jetty, Jersey on
 * Spring Boot's Tomcat). Each check states the answer the other containers give, so a container
 * passes only when it answers as they do. A container's test subclasses this and says where the
 * broker runs; the broker uses basic auth with {@link ContainerReferenceChecks#USER} /
 * {@link ContainerReferenceChecks#PASSWORD}.
 *
 * <p>Checks a container cannot pass, because its own HTTP parser decides before any handler,
 * filter or option of the sample is reached, are {@code protected}, and that container's
 * subclass overrides them without {@code @Test} (so they are not run there, rather than kept red
 * or made unable to fail). Each such check names the container and why below, and the sample's
 * README documents it under "Known container behaviour" with what to put in front:
 *
 * <ul>
 *   <li>RESTEasy on Undertow 2.3 ({@code ResteasyConsistencyChecksTest}):
 *       {@link #whitespaceBetweenAHeaderNameAndItsColonGets400WithAnOsbErrorBody} and
 *       {@link #headerLineWithoutAColonGets400WithAnOsbErrorBody} (Undertow's parser ends a field
 *       name at the first space and skips a line without a colon, keeping no trace a handler
 *       could see), {@link #malformedChunkSizeGets400WithAnOsbErrorBody} (Undertow's chunked
 *       decoder closes the connection when it meets a bad chunk size, before any answer).
 * </ul>
 */
public abstract class ContainerConsistencyChecks {
  /** For subclasses. */
  protected ContainerConsistencyChecks() {}

  /**
   * The base URI of the running broker.
   *
   * @return the base URI of the running broker
   */
  protected abstract URI baseUri();

  private RawHttp raw() {
    return new RawHttp(baseUri());
  }

  private static List<String> platformHeaders() {
    String credentials = ContainerReferenceChecks.USER + ":" + ContainerReferenceChecks.PASSWORD;
    List<String> headers = new ArrayList<>();
    headers.add("X-Broker-API-Version: 2.17");
    headers.add("Authorization: Basic " + Base64.getEncoder().encodeToString(
        credentials.getBytes(StandardCharsets.UTF_8)));
    return headers;
  }

  private static String provisionBody() {
    return "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\"}}";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void instanceIdWithAnEncodedPercentIsServedLikeAnyOtherId() throws Exception {
    // Grizzly, RESTEasy and Spring provision, fetch and deprovision "a%b-..." (sent as a%25b)
    String path = "/v2/service_instances/" + enc("a%b-" + UUID.randomUUID());
    List<String> headers = platformHeaders();
    headers.add("Content-Type: application/json");
    RawHttp.Answer created = raw().send("PUT " + path + " HTTP/1.1", headers, provisionBody());
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    RawHttp.Answer fetched = raw().send("GET " + path + " HTTP/1.1", platformHeaders(), null);
    assertThat(fetched.status()).as(fetched.raw()).isEqualTo(200);
    RawHttp.Answer deleted = raw().send("DELETE " + path + "?service_id="
        + HelloCatalog.SERVICE_ID + "&plan_id=" + HelloCatalog.SYNC_PLAN_ID + " HTTP/1.1",
        platformHeaders(), null);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
  }

  @Test
  void twoContentTypeHeadersGet400WithAnOsbErrorBody() throws Exception {
    // Jersey (Grizzly, Spring) refuses the conflicting types; the others took the first one
    List<String> headers = platformHeaders();
    headers.add("Content-Type: application/json");
    headers.add("Content-Type: text/plain");
    RawHttp.Answer a = raw().send("PUT /v2/service_instances/" + enc("i-" + UUID.randomUUID())
        + " HTTP/1.1", headers, provisionBody());
    ContainerReferenceChecks.assertSdkError(a, 400);
  }

  @Test
  void optionsOnTheCatalogAllowsOnlyTheMethodsItServes() {
    // Jersey and RESTEasy: Allow: HEAD, GET, OPTIONS
    RawHttp.Answer a = raw().send("OPTIONS /v2/catalog HTTP/1.1", platformHeaders(), null);
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
    assertThat(a.headers().getOrDefault("allow", "").split(" *, *")).as(a.raw())
        .containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
  }

  @Test
  void optionsOnEverySdkPathAllowsOnlyTheMethodsThatPathServes() {
    // the SDK answers OPTIONS on each of its paths itself: CXF listed the methods of every
    // resource, Jersey and RESTEasy those of the matched one (with a WADL or text body)
    String instance = "/v2/service_instances/" + enc("i-" + UUID.randomUUID());
    String binding = instance + "/service_bindings/b1";
    Map<String, List<String>> allowed = new LinkedHashMap<>();
    allowed.put("/v2/catalog", List.of("GET", "HEAD", "OPTIONS"));
    allowed.put(instance, List.of("PUT", "PATCH", "DELETE", "GET", "HEAD", "OPTIONS"));
    allowed.put(instance + "/last_operation", List.of("GET", "HEAD", "OPTIONS"));
    allowed.put(binding, List.of("PUT", "DELETE", "GET", "HEAD", "OPTIONS"));
    allowed.put(binding + "/last_operation", List.of("GET", "HEAD", "OPTIONS"));
    allowed.put("/bluemix_v1/service_instances/i1", List.of("PUT", "GET", "HEAD", "OPTIONS"));
    allowed.forEach((path, methods) -> {
      RawHttp.Answer a = raw().send("OPTIONS " + path + " HTTP/1.1", platformHeaders(), null);
      assertThat(a.status()).as(path + ": " + a.raw()).isEqualTo(200);
      assertThat(a.headers().getOrDefault("allow", "").split(" *, *")).as(path + ": " + a.raw())
          .containsExactlyInAnyOrderElementsOf(methods);
      assertThat(a.body()).as(path + ": " + a.raw()).isEmpty();
    });
  }

  @Test
  void optionsWithoutCredentialsGets401WithAnOsbErrorBody() throws Exception {
    List<String> headers = new ArrayList<>(List.of("X-Broker-API-Version: 2.17"));
    ContainerReferenceChecks.assertSdkError(raw().send("OPTIONS /v2/service_instances/i1"
        + " HTTP/1.1", headers, null), 401);
  }

  @Test
  void repeatedRequestIdentityGets400WithAnOsbErrorBodyAndIsNotEchoedJoined()
      throws Exception {
    // Jersey joined the two lines and echoed "a,b"
    List<String> headers = platformHeaders();
    headers.add("X-Broker-API-Request-Identity: a");
    headers.add("X-Broker-API-Request-Identity: b");
    RawHttp.Answer a = raw().send("GET /v2/catalog HTTP/1.1", headers, null);
    ContainerReferenceChecks.assertSdkError(a, 400);
    assertThat(a.headers().getOrDefault("x-broker-api-request-identity", "")).as(a.raw())
        .isNotBlank().doesNotContain(",").isNotEqualTo("a").isNotEqualTo("b");
  }

  @Test
  void repeatedApiVersionGets400WithAnOsbErrorBody() throws Exception {
    // all answered 412 "not supported", as for a version that is too old
    List<String> headers = platformHeaders();
    headers.add("X-Broker-API-Version: 2.17");
    ContainerReferenceChecks.assertSdkError(raw().send("GET /v2/catalog HTTP/1.1", headers,
        null), 400);
  }

  @Test
  void requestsAnyoneCanSendWriteNoStackTraceToTheLog() throws Exception {
    // RESTEasy logged a WARN with a stack trace for "Accept: ;;;" and invalid UTF-8 in the path,
    // CXF for every 405: a log anyone can fill with stack traces hides the ones that matter.
    // Query escapes that are not UTF-8 log nothing anywhere: all four containers decode them
    // leniently and the SDK refuses them (400, see below)
    String[][] requests = {
        {"GET /v2/catalog HTTP/1.1", "Accept: ;;;"},
        {"GET /v2/service_instances/%C3%28 HTTP/1.1", null},
        {"GET /v2/service_instances/i1/service_bindings/%FF HTTP/1.1", null},
        {"POST /v2/catalog HTTP/1.1", null},
        {"PATCH /v2/service_instances/i1/last_operation HTTP/1.1", null},
        {"GET /v2/service_instances/i1/last_operation?operation=%FF HTTP/1.1", null},
        {"GET /v2/service_instances/i1/last_operation?service_id=%C3%28 HTTP/1.1", null}};
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    List<java.util.logging.LogRecord> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        if (r.getThrown() != null && r.getLevel().intValue()
            >= java.util.logging.Level.INFO.intValue()) {
          thrown.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    root.addHandler(handler);
    StringBuilder answers = new StringBuilder();
    String logged;
    try (ConsoleCapture console = new ConsoleCapture()) {
      for (String[] request : requests) {
        List<String> headers = platformHeaders();
        if (request[1] != null) {
          headers.add(request[1]);
        }
        RawHttp.Answer a = raw().send(request[0], headers, null);
        answers.append(request[0]).append(" -> ").append(a.status()).append('\n');
        assertThat(a.status()).as(a.raw()).isBetween(400, 499);
      }
      logged = console.text();
    } finally {
      root.removeHandler(handler);
    }
    assertThat(logged).as(answers.toString()).doesNotContain("\tat ");
    assertThat(thrown).as(answers + " " + thrown.stream().map(r -> r.getLoggerName() + ": "
        + r.getThrown()).toList()).isEmpty();
  }

  @Test
  void queryEscapesThatAreNotUtf8Get400WithAnOsbErrorBody() throws Exception {
    // all four containers decoded them leniently to U+FFFD and handed that to the provider
    String instance = "/v2/service_instances/" + enc("i-" + UUID.randomUUID());
    String[] targets = {
        instance + "/last_operation?operation=%FF",
        instance + "/last_operation?plan_id=a%E2%82",
        instance + "/last_operation?service_id=%C3%28"};
    for (String target : targets) {
      ContainerReferenceChecks.assertSdkError(raw().send("GET " + target + " HTTP/1.1",
          platformHeaders(), null), 400);
    }
  }

  @Test
  void unparsableAcceptHeaderGets400WithAnOsbErrorBody() throws Exception {
    // Jersey and RESTEasy refuse it (the RESTEasy sample tests this); CXF served the catalog
    List<String> headers = platformHeaders();
    headers.add("Accept: ;;;");
    ContainerReferenceChecks.assertSdkError(raw().send("GET /v2/catalog HTTP/1.1", headers,
        null), 400);
  }

  @Test
  void javaHttpUrlConnectionsDefaultAcceptWithALoneStarIsServed() throws Exception {
    // java.net.HttpURLConnection sends this when its caller sets no Accept header: "*" is "*/*"
    List<String> headers = platformHeaders();
    headers.add("Accept: text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2");
    RawHttp.Answer a = raw().send("GET /v2/catalog HTTP/1.1", headers, null);
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
  }

  @Test
  void brokerUrlWithATrailingSlashGetsAnOsbErrorBody() throws Exception {
    // a platform joining "https://broker/" and "/v2/catalog" sends //v2/catalog: Jersey answers
    // the SDK's 404, CXF (Jetty) a 400, both OSB error bodies
    for (String path : new String[] {"//v2/catalog", "//v2/service_instances/i1"}) {
      RawHttp.Answer a = raw().send("GET " + path + " HTTP/1.1", platformHeaders(), null);
      assertThat(a.status()).as(a.raw()).isIn(400, 404);
      ContainerReferenceChecks.assertSdkError(a, a.status());
    }
  }

  private RawHttp.Answer sendHead(String head) {
    return raw().sendBytes((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String credentialLines() {
    return String.join("\r\n", platformHeaders()) + "\r\n";
  }

  @Test
  void optionsAsteriskIsNeverA500() {
    // Grizzly and CXF answer 404, Spring 200; RESTEasy answered a bodiless 500 and logged
    // "UT005071: Undertow request failed" with a stack trace, for a request without credentials
    RawHttp.Answer a = sendHead("OPTIONS * HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n");
    assertThat(a.status()).as(a.raw()).isBetween(200, 499);
  }

  @Test
  protected void headerLineWithoutAColonGets400WithAnOsbErrorBody() throws Exception {
    // RFC 9112 5: a field line is name ":" value. CXF and Spring answer 400; Grizzly never
    // answered (the connection stayed open until the client gave up), RESTEasy ignored the line.
    // Not run on RESTEasy: Undertow's parser skips the line before any handler sees the request
    RawHttp.Answer a = sendHead("GET /v2/catalog HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n" + credentialLines() + "Garbage\r\n");
    ContainerReferenceChecks.assertSdkError(a, 400);
  }

  @Test
  protected void whitespaceBetweenAHeaderNameAndItsColonGets400WithAnOsbErrorBody()
      throws Exception {
    // RFC 9112 5.1: a server MUST reject it with 400 (a request smuggling vector behind a
    // proxy that reads it otherwise). CXF and Spring do; Grizzly served the request. RESTEasy
    // reads "X-Broker-API-Version : 2.17" as the version ": 2.17": the SDK answers 400 here only
    // because this request carries the version twice (a repeated version), and 412 (a version
    // it does not support) when that line is the request's only version.
    // Not run on RESTEasy: Undertow's parser ends the name at the space and moves the colon into
    // the value, which a handler cannot tell from a value that starts with a colon
    RawHttp.Answer a = sendHead("GET /v2/catalog HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n" + credentialLines() + "X-Broker-API-Version : 2.17\r\n");
    ContainerReferenceChecks.assertSdkError(a, 400);
  }

  @Test
  void requestWithoutAHostOrWithTwoHostsGets400WithAnOsbErrorBody() throws Exception {
    // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without a Host header or
    // with more than one. CXF and Spring answer with an OSB error body; RESTEasy answered
    // bodiless 400s ("No Host Header", "Only One Host Header Allowed"), Grizzly served two
    String[] heads = {
        "GET /v2/catalog HTTP/1.1\r\nConnection: close\r\n",
        "GET /v2/catalog HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n"};
    for (String head : heads) {
      ContainerReferenceChecks.assertSdkError(sendHead(head + credentialLines()), 400);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/9.9", "HTTP/1.2"})
  void requestLineWithAnHttpVersionOtherThan10Or11Gets400WordedAlikeWithoutAnErrorCode(
      String version) throws Exception {
    // Grizzly, Jetty and Undertow answer 400 (they cannot tell it from a raw space in the
    // target); Tomcat answered 505 InternalError, claiming the broker failed, until Spring's
    // valve made it this 400. Each worded it its own way, with a made-up "BadRequest" code
    RawHttp.Answer a = sendHead("GET /v2/catalog " + version + "\r\nHost: localhost\r\n"
        + "Connection: close\r\n");
    ContainerReferenceChecks.assertSdkError(a, 400);
    JsonNode body = new ObjectMapper().readTree(a.body());
    assertThat(body.has("error")).as(a.raw()).isFalse();
    assertThat(body.path("description").asText()).as(a.raw())
        .isEqualTo(OsbErrorJson.UNPARSABLE_REQUEST);
  }

  @Test
  protected void malformedChunkSizeGets400WithAnOsbErrorBody() throws Exception {
    // Grizzly, CXF and Spring answer 400; RESTEasy closed the connection without any answer.
    // Not run on RESTEasy: Undertow's chunked decoder closes the connection itself
    RawHttp.Answer a = raw().sendBytes(("PUT /v2/service_instances/" + enc("i-"
        + UUID.randomUUID()) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + credentialLines() + "Content-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    ContainerReferenceChecks.assertSdkError(a, 400);
  }
}
