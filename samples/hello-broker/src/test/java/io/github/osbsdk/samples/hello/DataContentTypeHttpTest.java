package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.bindBody;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data API never lets a stored value become a page on the broker's origin: only allow-listed
 * media types survive, everything else is served as octet-stream, and every answer says
 * {@code nosniff}. Over real HTTP on Jersey + Grizzly.
 */
class DataContentTypeHttpTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String HTML = "<html><script>alert(document.cookie)</script></html>";
  private static HelloServer server;
  private static String url;
  private static String auth;

  @BeforeAll
  static void start() {
    server = HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(300)));
    OsbHttp osb = new OsbHttp(server.baseUri(), "platform", "s3cret");
    String path = "/v2/service_instances/" + enc(crn("types"));
    assertThat(osb.osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}")).statusCode())
        .isEqualTo(201);
    JsonNode c = json(osb.osb("PUT", path + "/service_bindings/b", bindBody(SYNC_PLAN_ID, "{}")))
        .path("credentials");
    url = c.path("url").asText();
    auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(String method, String key, String contentType,
      String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/" + key))
        .timeout(Duration.ofSeconds(10)).header("Authorization", auth);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Writes a value with the given type and returns the read-back response. */
  private static HttpResponse<String> roundTrip(String key, String contentType, String body)
      throws Exception {
    HttpResponse<String> put = send("PUT", key, contentType, body);
    assertThat(put.statusCode()).as(contentType).isEqualTo(204);
    assertThat(put.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    HttpResponse<String> get = send("GET", key, null, null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(body);
    assertThat(get.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    return get;
  }

  private static String type(HttpResponse<?> r) {
    return r.headers().firstValue("Content-Type").orElseThrow();
  }

  @Test
  void htmlWrittenByABindingIsServedAsOctetStreamWithNosniff() throws Exception {
    for (String html : new String[] {"text/html", "text/html; charset=utf-8", "TEXT/HTML",
        "application/xhtml+xml", "image/svg+xml", "text/xml", "application/javascript"}) {
      HttpResponse<String> get = roundTrip("page", html, HTML);
      assertThat(type(get)).as(html).isEqualTo("application/octet-stream");
      assertThat(get.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("sandbox");
    }
  }

  @Test
  void allowListedTypesAreKept() throws Exception {
    assertThat(type(roundTrip("j", "application/json", "{\"a\":1}")))
        .startsWith("application/json");
    assertThat(type(roundTrip("t", "text/plain; charset=UTF-8", "hello")))
        .isEqualToIgnoringCase("text/plain;charset=utf-8");
    assertThat(type(roundTrip("o", "application/octet-stream", "bytes")))
        .isEqualTo("application/octet-stream");
  }

  @Test
  void unsafeCharsetsAreDroppedAndMissingTypesBecomeOctetStream() throws Exception {
    assertThat(type(roundTrip("u7", "text/plain; charset=utf-7", "+ADw-script+AD4-")))
        .isEqualTo("text/plain");
    assertThat(type(roundTrip("none", null, "v"))).isEqualTo("application/octet-stream");
  }

  @Test
  void refusalsCarryNosniffToo() throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/k")).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    HttpResponse<String> absent = send("GET", "absent", null, null);
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }
}
