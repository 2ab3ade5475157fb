package io.github.osbsdk.broker.iam;

import static io.github.osbsdk.broker.iam.WithDashboardSso.cookies;
import static io.github.osbsdk.broker.iam.WithDashboardSso.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.iam.internal.DashboardResource;
import io.github.osbsdk.broker.iam.internal.SignedValues;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import jakarta.ws.rs.core.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dashboard SSO under attack, over real HTTP: junk callbacks cannot fill or slow the replay
 * protection, the post-login redirect follows the configured public URL whatever {@code Host}
 * says, and ids that are dot segments or carry {@code /} never produce a URL outside the
 * instance's path.
 */
class DashboardSsoAttackTest {
  static final String USER = "IBMid-alice";
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acct1:inst-1::";
  static IamSimulator iam;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2)).build();
  final SsoKeyStore keys = SsoKeyStore.inMemory();
  TestServer server;
  DashboardSso sso;
  URI publicUrl;

  @BeforeAll
  static void startIam() {
    iam = WithDashboardSso.startIamWhereUserMayViewEveryDashboard(USER);
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  /** Mounts the SSO with the given public base URL (null: the test server's own URL). */
  void start(String publicBase) {
    server = new TestServer();
    publicUrl = URI.create(publicBase != null ? publicBase : server.base.toString());
    iam.registerClient("sso-client", "sso-secret", publicUrl.resolve("/dashboard/callback"));
    sso = WithDashboardSso.ssoBuilder(iam, publicUrl).keyStore(keys)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>")
        .build();
    server.start(Set.of(sso.resource()));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  HttpResponse<String> get(URI uri, String cookies) throws Exception {
    return WithDashboardSso.get(http, uri, cookies);
  }

  /** A status line and headers read from a raw HTTP/1.1 exchange. */
  record RawReply(int status, List<String> headers) {
    String header(String name) {
      return headers.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0,
          name.length() + 1)).map(h -> h.substring(name.length() + 1).strip()).findFirst()
          .orElse(null);
    }
  }

  /** Sends the request target as written (no client-side normalization) with any Host. */
  RawReply raw(String target, String host, String cookies) throws Exception {
    try (Socket socket = new Socket(server.base.getHost(), server.base.getPort())) {
      socket.setSoTimeout(5000);
      String request = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
          + (cookies == null ? "" : "Cookie: " + cookies + "\r\n")
          + "Connection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      List<String> headers = new ArrayList<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        headers.add(line);
      }
      return new RawReply(Integer.parseInt(status.split(" ")[1]), headers);
    }
  }

  /** Steps 1-2 for an instance: returns [callback path and query, nonce cookie]. */
  String[] signIn(String instance) throws Exception {
    HttpResponse<String> start = get(URI.create(server.base + "/dashboard/" + enc(instance)),
        null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> fromIam = get(authorize, null);
    assertThat(fromIam.statusCode()).isEqualTo(302);
    URI callback = URI.create(fromIam.headers().firstValue("Location").orElseThrow());
    return new String[] {callback.getRawPath() + "?" + callback.getRawQuery(), cookies(start)};
  }

  @Test
  void hundredThousandJunkCallbacksDoNotMakeARealSignInFail() throws Exception {
    start(null);
    DashboardResource resource = (DashboardResource) sso.resource();
    for (int i = 0; i < 100_000; i++) { // an unauthenticated browser: start, then "error"
      Response begin = resource.dashboard("x" + (i % 100), null, null);
      String state = queryParam(begin.getLocation(), "state");
      String nonce = nonceCookie(begin);
      Response junk = resource.callback(null, state, "access_denied", nonce);
      assertThat(junk.getStatus()).isEqualTo(400);
    }
    for (int i = 0; i < 50; i++) { // over HTTP, with codes IAM never issued
      String[] flow = signIn(CRN);
      String junkCode = flow[0].replaceFirst("code=[^&]+", "code=junk" + i);
      assertThat(get(URI.create(server.base + junkCode), flow[1]).statusCode()).isEqualTo(502);
      assertThat(get(URI.create(server.base + flow[0].replaceFirst("code=[^&]+&?", "")
          + "&error=access_denied"), flow[1]).statusCode()).isEqualTo(400);
    }
    String[] flow = signIn(CRN);
    HttpResponse<String> real = get(URI.create(server.base + flow[0]), flow[1]);
    assertThat(real.statusCode()).isEqualTo(303);
    assertThat(real.headers().firstValue("Location")).hasValue(server.base + "/dashboard/"
        + enc(CRN));
    assertThat(get(URI.create(server.base + flow[0]), flow[1]).statusCode()).isEqualTo(400);
  }

  @Test
  void callbackWithAnErrorLeavesTheStateUsableForItsRealCode() throws Exception {
    start(null);
    String[] flow = signIn(CRN);
    String withError = flow[0].replaceFirst("code=[^&]+&?", "") + "&error=access_denied";
    assertThat(get(URI.create(server.base + withError), flow[1]).statusCode()).isEqualTo(400);
    assertThat(get(URI.create(server.base + flow[0]), flow[1]).statusCode()).isEqualTo(303);
  }

  @Test
  void postLoginRedirectFollowsTheConfiguredPublicUrlNotTheHostHeader() throws Exception {
    start("https://broker.example.com");
    String[] flow = signIn(CRN);
    RawReply reply = raw(flow[0], "evil.example", flow[1]);
    assertThat(reply.status()).isEqualTo(303);
    assertThat(reply.header("Location"))
        .isEqualTo("https://broker.example.com/dashboard/" + enc(CRN));
  }

  @Test
  void postLoginRedirectIgnoresAForgedHostWhenServedOnItsOwnUrl() throws Exception {
    start(null);
    String[] flow = signIn(CRN);
    RawReply reply = raw(flow[0], "evil.example:80", flow[1]);
    assertThat(reply.status()).isEqualTo(303);
    assertThat(URI.create(reply.header("Location")).getAuthority())
        .isEqualTo(server.base.getAuthority());
  }

  @Test
  void dotSegmentIdsGetNoDashboardAndNoRedirect() throws Exception {
    start(null);
    for (String id : List.of(".", "..", "%2e", "%2E", "%2e%2e", ".%2E", "%2E.")) {
      RawReply reply = raw("/dashboard/" + id, server.base.getAuthority(), null);
      assertThat(reply.status()).as(id).isIn(400, 404);
      assertThat(reply.header("Location")).as(id).isNull();
    }
  }

  @Test
  void signedStateNamingADotSegmentIsRefusedAfterSignIn() throws Exception {
    start(null);
    String[] flow = signIn(CRN); // a real browser nonce, then a state we sign ourselves
    String nonce = flow[1].substring(flow[1].indexOf('=') + 1);
    long exp = System.currentTimeMillis() + 60_000;
    String state = new SignedValues(keys).sign("state", ("{\"i\":\"..\",\"n\":\""
        + SignedValues.sha256(nonce) + "\",\"e\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    URI authorize = URI.create(iam.url(IamEndpoint.AUTHORIZE) + "?client_id=sso-client"
        + "&redirect_uri=" + enc(server.base + "/dashboard/callback")
        + "&response_type=code&state=" + enc(state));
    URI callback = URI.create(get(authorize, null).headers().firstValue("Location")
        .orElseThrow());
    HttpResponse<String> reply = get(callback, flow[1]);
    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(reply.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void idsWithSlashesStayOneSegmentUnderTheDashboardPath() throws Exception {
    start(null);
    for (String id : List.of("a/../../x", "../evil", "/..", "x/./y", "..%2F..")) {
      String[] flow = signIn(id);
      HttpResponse<String> callback = get(URI.create(server.base + flow[0]), flow[1]);
      assertThat(callback.statusCode()).as(id).isEqualTo(303);
      URI target = URI.create(callback.headers().firstValue("Location").orElseThrow());
      assertThat(target.getAuthority()).isEqualTo(server.base.getAuthority());
      assertThat(target.normalize().getRawPath()).as(id).isEqualTo("/dashboard/" + enc(id));
      assertThat(target.getRawPath().substring("/dashboard/".length())).doesNotContain("/");
      HttpResponse<String> page = get(target, cookies(callback));
      assertThat(page.statusCode()).as(id).isEqualTo(200);
      assertThat(page.body()).contains("instance " + id);
    }
  }

  static String queryParam(URI uri, String name) {
    for (String p : uri.getRawQuery().split("&")) {
      if (p.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(p.substring(name.length() + 1),
            StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + name + " in " + uri);
  }

  static String nonceCookie(Response r) {
    String c = r.getHeaders().get("Set-Cookie").get(0).toString();
    return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
  }
}
