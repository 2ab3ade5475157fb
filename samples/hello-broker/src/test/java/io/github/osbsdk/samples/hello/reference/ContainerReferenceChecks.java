package io.github.osbsdk.samples.hello.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.samples.hello.HelloCatalog;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reference checks every container of the matrix must pass over real HTTP: encoded slashes
 * in ids, malformed percent escapes, a DELETE with a body before authentication, bodies of
 * several MiB, an unparsable {@code Content-Type}, an oversized header section, raw control,
 * non-ASCII and space bytes in the request target, an unknown charset in the
 * {@code Content-Type}, matrix parameters on the first path segment
 * (which must not skip authentication). Every error the
 * container produces must be an OSB error body ({@code error} and {@code description}) in JSON,
 * never a 5xx, an empty body or HTML. A container's test subclasses this and says where the
 * broker runs; the broker uses basic auth with {@link #USER} / {@link #PASSWORD}.
 */
public abstract class ContainerReferenceChecks {
  /** The basic-auth user the broker under test accepts. */
  public static final String USER = "platform";
  /** The basic-auth password the broker under test accepts. */
  public static final String PASSWORD = "s3cret";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The error codes OSB 2.17 defines ("Service Broker Errors"). */
  static final Set<String> OSB_ERROR_CODES =
      Set.of("AsyncRequired", "ConcurrencyError", "RequiresApp", "MaintenanceInfoConflict");

  /** For subclasses. */
  protected ContainerReferenceChecks() {}

  /**
   * The base URI of the running broker.
   *
   * @return the base URI of the running broker
   */
  protected abstract URI baseUri();

  /**
   * A raw HTTP client of the broker under test.
   *
   * @return a raw HTTP client of the broker under test
   */
  protected RawHttp raw() {
    return new RawHttp(baseUri());
  }

  private static List<String> osbHeaders(boolean withCredentials) {
    String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString(
        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return withCredentials ? List.of("X-Broker-API-Version: 2.17", auth)
        : List.of("X-Broker-API-Version: 2.17");
  }

  private static String crn() {
    return "crn:v1:bluemix:public:hello-kv:us-south:a/acct1:" + UUID.randomUUID() + "::";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Asserts an OSB error answer the container produced: the status, a JSON object with a string
   * {@code description} and no {@code error} code (none of OSB's four fits a container's
   * refusal; broker-core's own 400, 404 and 500 carry none either), no HTML.
   */
  private static void assertOsbError(RawHttp.Answer a, int status) throws Exception {
    assertSdkError(a, status);
    assertThat(JSON.readTree(a.body()).has("error")).as(a.raw()).isFalse();
  }

  /**
   * Asserts an OSB error answer: the status, a JSON object with a string {@code description}
   * and, if any, an {@code error} code OSB 2.17 defines ("Service Broker Errors"), no HTML.
   */
  static void assertSdkError(RawHttp.Answer a, int status) throws Exception {
    assertThat(a.status()).as(a.raw()).isEqualTo(status);
    assertThat(a.contentType()).as(a.raw()).startsWith("application/json");
    JsonNode body = JSON.readTree(a.body());
    assertThat(body.isObject()).as(a.raw()).isTrue();
    assertThat(body.path("error").isMissingNode() || OSB_ERROR_CODES.contains(
        body.path("error").textValue())).as(a.raw()).isTrue();
    assertThat(body.path("description").isTextual()).as(a.raw()).isTrue();
    assertThat(a.body()).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
  }

  @Test
  void encodedSlashInCrnIdsReachesTheBrokerAndRoundTrips() throws Exception {
    String path = "/v2/service_instances/" + enc(crn());
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\"}}";
    List<String> headers = new java.util.ArrayList<>(osbHeaders(true));
    headers.add("Content-Type: application/json");
    RawHttp.Answer created = raw().send("PUT " + path + " HTTP/1.1", headers, body);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    RawHttp.Answer fetched = raw().send("GET " + path + " HTTP/1.1", osbHeaders(true), null);
    assertThat(fetched.status()).as(fetched.raw()).isEqualTo(200);
    RawHttp.Answer deleted = raw().send("DELETE " + path + "?service_id="
        + HelloCatalog.SERVICE_ID + "&plan_id=" + HelloCatalog.SYNC_PLAN_ID + " HTTP/1.1",
        osbHeaders(true), null);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
  }

  @Test
  void malformedEscapeInThePathGets400WithAnOsbErrorBody() throws Exception {
    assertOsbError(raw().send("GET /v2/service_instances/ab%ZZ HTTP/1.1", osbHeaders(true),
        null), 400);
  }

  @Test
  void malformedEscapeInTheQueryGets400WithAnOsbErrorBody() throws Exception {
    assertOsbError(raw().send("GET /v2/service_instances/i1/last_operation?operation=%G1"
        + " HTTP/1.1", osbHeaders(true), null), 400);
  }

  @Test
  void deprovisionWithABodyAndNoCredentialsGets401() throws Exception {
    assertSdkError(raw().send("DELETE /v2/service_instances/i1?service_id=s&plan_id=p HTTP/1.1",
        List.of("X-Broker-API-Version: 2.17", "Content-Type: application/json"), "{}"), 401);
  }

  @Test
  void unbindWithABodyAndNoCredentialsGets401() throws Exception {
    assertSdkError(raw().send("DELETE /v2/service_instances/i1/service_bindings/b1"
        + "?service_id=s&plan_id=p HTTP/1.1",
        List.of("X-Broker-API-Version: 2.17", "Content-Type: application/json"), "{}"), 401);
  }

  @Test
  void bodyOverTheSdksLimitGets413WithAnOsbErrorBody() throws Exception {
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"parameters\":{\"pad\":\"" + "x".repeat(1 << 20)
        + "\"}}";
    List<String> headers = new java.util.ArrayList<>(osbHeaders(true));
    headers.add("Content-Type: application/json");
    assertSdkError(raw().send("PUT /v2/service_instances/" + enc(crn()) + " HTTP/1.1", headers,
        body), 413);
  }

  @Test
  void bodyOfSeveralMibGets413OrTheSdksOwnRefusalNeverA500() throws Exception {
    // several MiB: over Undertow's default entity limit (2 MiB), which answered a bodiless 500
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"parameters\":{\"pad\":\"" + "x".repeat(3 << 20)
        + "\"}}";
    List<String> headers = new java.util.ArrayList<>(osbHeaders(true));
    headers.add("Content-Type: application/json");
    assertSdkError(raw().send("PUT /v2/service_instances/" + enc(crn()) + " HTTP/1.1", headers,
        body), 413);
    List<String> anonymous = new java.util.ArrayList<>(osbHeaders(false));
    anonymous.add("Content-Type: application/json");
    assertSdkError(raw().send("PUT /v2/service_instances/" + enc(crn()) + " HTTP/1.1",
        anonymous, body), 401);
  }

  @Test
  void unparsableContentTypeGets400WithAnOsbErrorBody() throws Exception {
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\"}";
    for (String contentType : new String[] {";;;", "application"}) {
      List<String> headers = new java.util.ArrayList<>(osbHeaders(true));
      headers.add("Content-Type: " + contentType);
      assertSdkError(raw().send("PUT /v2/service_instances/" + enc(crn()) + " HTTP/1.1",
          headers, body), 400);
    }
  }

  @Test
  void unknownCharsetInTheContentTypeGets400WithAnOsbErrorBodyNeverA500() throws Exception {
    // CXF failed such a request before any filter: 500, also without credentials
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\"}}";
    for (String charset : new String[] {"bogus", "\"bogus\"", "a b", ""}) {
      List<String> headers = new java.util.ArrayList<>(osbHeaders(true));
      headers.add("Content-Type: application/json; charset=" + charset);
      assertSdkError(raw().send("PUT /v2/service_instances/" + enc(crn()) + " HTTP/1.1",
          headers, body), 400);
    }
    List<String> utf8 = new java.util.ArrayList<>(osbHeaders(true));
    utf8.add("Content-Type: application/json; charset=\"UTF-8\"");
    RawHttp.Answer created = raw().send("PUT /v2/service_instances/" + enc(crn())
        + " HTTP/1.1", utf8, body);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    List<String> anonymous = new java.util.ArrayList<>(osbHeaders(false));
    anonymous.add("Content-Type: application/json; charset=bogus");
    RawHttp.Answer a = raw().send("GET /v2/catalog HTTP/1.1", anonymous, null);
    assertThat(a.status()).as(a.raw()).isIn(400, 401);
    assertSdkError(a, a.status());
  }

  @Test
  void headerSectionOver8KibGets431WithAnOsbErrorBody() throws Exception {
    String token = "x".repeat(10 * 1024);
    assertOsbError(raw().send("GET /v2/catalog HTTP/1.1",
        List.of("X-Broker-API-Version: 2.17", "Authorization: Bearer " + token), null), 431);
  }

  @Test
  void rawControlByteInTheTargetGets400WithAnOsbErrorBody() throws Exception {
    assertOsbError(raw().sendBytes(request("GET /v2/service_instances/a".getBytes(
        StandardCharsets.US_ASCII), new byte[] {0x01}, "b HTTP/1.1")), 400);
  }

  @Test
  void rawNonAsciiBytesInTheTargetGet400WithAnOsbErrorBody() throws Exception {
    assertOsbError(raw().sendBytes(request("GET /v2/service_instances/a".getBytes(
        StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, (byte) 0xA9}, " HTTP/1.1")), 400);
  }

  @Test
  void rawSpaceInTheTargetGets400WithAnOsbErrorBody() throws Exception {
    assertOsbError(raw().send("GET /v2/service_instances/a b HTTP/1.1", osbHeaders(true), null),
        400);
  }

  @Test
  void platformCallWithoutCredentialsGets401WithAnOsbErrorBody() throws Exception {
    assertSdkError(raw().send("GET /v2/catalog HTTP/1.1", osbHeaders(false), null), 401);
  }

  @Test
  void matrixParametersOnTheFirstSegmentStillNeedCredentials() throws Exception {
    // every container matches /v2;x=y/catalog as /v2/catalog
    RawHttp.Answer catalog = raw().send("GET /v2;x=y/catalog HTTP/1.1", osbHeaders(false),
        null);
    assertSdkError(catalog, 401);
    assertThat(catalog.body()).doesNotContain(HelloCatalog.SERVICE_ID);
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\"}";
    List<String> headers = new java.util.ArrayList<>(osbHeaders(false));
    headers.add("Content-Type: application/json");
    assertSdkError(raw().send("PUT /v2;x=y/service_instances/" + enc(crn()) + " HTTP/1.1",
        headers, body), 401);
    assertSdkError(raw().send("GET /bluemix_v1;x=y/service_instances/i1 HTTP/1.1",
        osbHeaders(false), null), 401);
    // authenticated, the ';' is refused as anywhere else in the path
    assertSdkError(raw().send("GET /v2;x=y/catalog HTTP/1.1", osbHeaders(true), null), 400);
  }

  @Test
  void pollWithATenThousandCharacterAsciiOperationReachesTheSdk() throws Exception {
    // the SDK takes provider operations of up to 10,000 characters; the platform sends them
    // back in the query: the SDK's own 404 (no such operation), never 431 from the container
    assertSdkError(poll("o".repeat(10_000)), 404);
  }

  @Test
  void pollWithAThreeThousandCharacterNonAsciiOperationReachesTheSdk() throws Exception {
    // 3 bytes of UTF-8 each, 9 percent-encoded: 27,000 bytes of request line
    assertSdkError(poll("\u20ac".repeat(3_000)), 404);
  }

  private RawHttp.Answer poll(String operation) {
    return raw().send("GET /v2/service_instances/" + enc(crn()) + "/last_operation?operation="
        + enc(operation) + " HTTP/1.1", osbHeaders(true), null);
  }

  @Test
  void contentLengthAndChunkedTogetherAreNeverReadTwoWays() throws Exception {
    // RFC 9112 6.1: refuse such a request, or answer it and close the connection. Read as
    // chunked, the body is a valid provision and a second request follows it; read by its
    // Content-Length, that second request is body. A server that answers both was smuggled to
    assertSdkAnswerOnlyThenClosed(contentLengthAndChunked(true));
    assertSdkAnswerOnlyThenClosed(contentLengthAndChunked(false));
  }

  /**
   * Asserts that exactly one answer came, that the server closed the connection after it, and
   * that an error answer is an OSB error body.
   *
   * @param x what came back
   * @return the answer
   */
  protected static RawHttp.Answer assertSdkAnswerOnlyThenClosed(RawHttp.Exchange x)
      throws Exception {
    assertThat(x.answers()).as(x.text()).isEqualTo(1);
    assertThat(x.closed()).as("closed after the answer: " + x.text()).isTrue();
    RawHttp.Answer a = x.first();
    if (a.status() >= 400) {
      assertSdkError(a, a.status());
    }
    return a;
  }

  /**
   * Sends a provision framed both ways on a kept-alive connection.
   *
   * @param lengthFirst whether Content-Length comes before Transfer-Encoding
   * @return what came back
   */
  protected RawHttp.Exchange contentLengthAndChunked(boolean lengthFirst) {
    String json = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\"}}";
    String smuggled = "GET /v2/catalog HTTP/1.1\r\nHost: " + baseUri().getHost()
        + "\r\nX-Broker-API-Version: 2.17\r\n\r\n";
    String body = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n"
        + smuggled;
    StringBuilder head = new StringBuilder("PUT /v2/service_instances/" + enc(crn())
        + " HTTP/1.1\r\nHost: " + baseUri().getHost() + "\r\n");
    osbHeaders(true).forEach(h -> head.append(h).append("\r\n"));
    String length = "Content-Length: " + body.length() + "\r\n";
    String chunked = "Transfer-Encoding: chunked\r\n";
    head.append("Content-Type: application/json\r\n")
        .append(lengthFirst ? length + chunked : chunked + length).append("\r\n");
    return raw().sendKeepAlive((head + body).getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void transferCodingOtherThanChunkedIsRefusedBeforeTheSdk() throws Exception {
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\"}";
    StringBuilder head = new StringBuilder("PUT /v2/service_instances/" + enc(crn())
        + " HTTP/1.1\r\nHost: " + baseUri().getHost() + "\r\nConnection: close\r\n");
    osbHeaders(true).forEach(h -> head.append(h).append("\r\n"));
    head.append("Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n");
    RawHttp.Answer a = raw().sendBytes((head + body).getBytes(StandardCharsets.US_ASCII));
    // RFC 9112: 501 for a coding the server does not implement; 400 as chunked is not last
    assertThat(a.status()).as(a.raw()).isIn(400, 501);
    assertOsbError(a, a.status());
    assertThat(a.body()).as(a.raw()).doesNotContain("missing");
  }

  @Test
  void contentCodedBodyGets415WithAnOsbErrorBody() throws Exception {
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\"}}";
    List<String> headers = new java.util.ArrayList<>(osbHeaders(true));
    headers.add("Content-Type: application/json");
    headers.add("Content-Encoding: gzip");
    // not even gzip: the broker must not read an encoded body as JSON, whatever it holds
    assertOsbError(raw().send("PUT /v2/service_instances/" + enc(crn()) + " HTTP/1.1",
        headers, body), 415);
  }

  private byte[] request(byte[] start, byte[] raw, String rest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(start);
    out.writeBytes(raw);
    out.writeBytes((rest + "\r\nHost: " + baseUri().getHost() + "\r\nX-Broker-API-Version: 2.17"
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
