package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.iam.internal.SignedValues;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard session cookie over real HTTP: sealed (nothing about the user readable in it),
 * refused when tampered with, opened with the previous key during a rotation, small enough for
 * browsers with long names, and a cookie from before sealing counts as signed out.
 */
class DashboardSsoSessionCookieTest {
  static final String USER = "IBMid-alice";
  static final String NAME = "Alice Example-Lovelace";
  static final String EMAIL = "alice.lovelace@example.com";
  static final String CRN = WithDashboardSso.CRN;
  static IamSimulator iam;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2)).build();
  final RotatingKeys keys = new RotatingKeys();
  TestServer server;

  /** A key store whose signing and verification keys a test sets, like a rotation. */
  static final class RotatingKeys implements SsoKeyStore {
    volatile byte[] signing = random();
    volatile List<byte[]> verifying = List.of(signing);

    static byte[] random() {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      return k;
    }

    @Override
    public byte[] signingKey() {
      return signing;
    }

    @Override
    public List<byte[]> verificationKeys() {
      return verifying;
    }
  }

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
    iam.registerApiKey("broker-key", "iam-ServiceId-broker");
    iam.permit(USER, "hello.dashboard.view", "*");
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  @BeforeEach
  void start() {
    iam.loginAs(USER, "acct1", NAME, EMAIL);
    server = new TestServer();
    iam.registerClient("sso-client", "sso-secret", server.base.resolve("/dashboard/callback"));
    DashboardSso sso = WithDashboardSso.ssoBuilder(iam, server.base).keyStore(keys)
        .dashboard((id, user) -> "<html><body>" + user.id() + " [" + user.name() + "] ["
            + user.email() + "]</body></html>")
        .build();
    server.start(Set.of(sso.resource()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> get(URI uri, String cookies) throws Exception {
    return WithDashboardSso.get(http, uri, cookies);
  }

  URI dashboard(String instance) {
    return URI.create(server.base + "/dashboard/" + WithDashboardSso.enc(instance));
  }

  /** Signs in to an instance; returns the callback's reply (with the session cookie). */
  HttpResponse<String> signIn(String instance) throws Exception {
    HttpResponse<String> start = get(dashboard(instance), null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = WithDashboardSso.location(start, server.base);
    HttpResponse<String> fromIam = get(authorize, null);
    assertThat(fromIam.statusCode()).isEqualTo(302);
    HttpResponse<String> callback = get(WithDashboardSso.location(fromIam, authorize),
        WithDashboardSso.cookies(start));
    assertThat(callback.statusCode()).isEqualTo(303);
    return callback;
  }

  static String sessionHeader(HttpResponse<?> r) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("osb_dashboard_session=")).findFirst().orElseThrow();
  }

  static String sessionValue(HttpResponse<?> r) {
    String c = sessionHeader(r);
    return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
  }

  static String session(String value) {
    return "osb_dashboard_session=" + value;
  }

  @Test
  void sessionCookieShowsNeitherTheUsersNameNorEmail() throws Exception {
    String value = sessionValue(signIn(CRN));
    StringBuilder readable = new StringBuilder(value);
    for (String part : value.split("\\.")) { // every base64url piece, decoded
      readable.append(' ').append(new String(Base64.getUrlDecoder().decode(part),
          StandardCharsets.ISO_8859_1));
    }
    assertThat(readable.toString()).doesNotContain(EMAIL).doesNotContain("alice.lovelace")
        .doesNotContain(NAME).doesNotContain("Lovelace").doesNotContain(USER)
        .doesNotContain("acct1").doesNotContain("inst-1");
    HttpResponse<String> page = get(dashboard(CRN), session(value));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(USER + " [" + NAME + "] [" + EMAIL + "]");
  }

  @Test
  void tamperedSessionCookieRestartsSignIn() throws Exception {
    String value = sessionValue(signIn(CRN));
    assertThat(get(dashboard(CRN), session(value)).statusCode()).isEqualTo(200);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int at : new int[] {0, 1, 5, 20, value.length() / 2, value.length() - 30,
        value.length() - 2}) {
      char c = value.charAt(at);
      String flipped = value.substring(0, at) + alphabet.charAt(alphabet.indexOf(c) ^ 1)
          + value.substring(at + 1);
      HttpResponse<String> reply = get(dashboard(CRN), session(flipped));
      assertThat(reply.statusCode()).as("flipped at %d", at).isEqualTo(303);
      assertThat(reply.body()).doesNotContain(USER);
    }
    for (String broken : List.of(value.substring(0, value.length() - 4), value + "AAAA",
        value.substring(0, 10), "", value + ".")) {
      assertThat(get(dashboard(CRN), session(broken)).statusCode()).isEqualTo(303);
    }
  }

  @Test
  void sessionSealedWithThePreviousKeyOpensDuringTheRotation() throws Exception {
    byte[] previous = keys.signing;
    String before = sessionValue(signIn(CRN));
    byte[] next = RotatingKeys.random();
    keys.verifying = List.of(next, previous); // rotation: the new key seals, both open
    keys.signing = next;
    assertThat(get(dashboard(CRN), session(before)).statusCode()).isEqualTo(200);
    String after = sessionValue(signIn(CRN));
    assertThat(get(dashboard(CRN), session(after)).statusCode()).isEqualTo(200);
    keys.verifying = List.of(next); // the previous key retired
    assertThat(get(dashboard(CRN), session(before)).statusCode()).isEqualTo(303);
    assertThat(get(dashboard(CRN), session(after)).statusCode()).isEqualTo(200);
  }

  @Test
  void signedSessionCookieFromBeforeSealingCountsAsSignedOut() throws Exception {
    long exp = System.currentTimeMillis() + 600_000;
    String old = new SignedValues(keys).sign("session", ("{\"i\":\"" + CRN + "\",\"u\":\""
        + USER + "\",\"a\":\"acct1\",\"nm\":\"" + NAME + "\",\"em\":\"" + EMAIL + "\",\"e\":"
        + exp + "}").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> reply = get(dashboard(CRN), session(old));
    assertThat(reply.statusCode()).isEqualTo(303);
    assertThat(URI.create(reply.headers().firstValue("Location").orElseThrow()).getPort())
        .isEqualTo(iam.baseUrl().getPort());
  }

  @Test
  void longNamesAndIdsKeepTheCookieSmallEnoughForBrowsers() throws Exception {
    String longName = "\uD83D\uDE00\u00E9\u6F22".repeat(300); // 900 code points, 2700 bytes
    String longEmail = "a".repeat(300) + "@example.com";
    iam.loginAs(USER, "acct1", longName, longEmail);
    String longCrn = "crn:v1:bluemix:public:hello:us-south:a/acct1:" + "x".repeat(460) + "::";
    HttpResponse<String> callback = signIn(longCrn);
    String header = sessionHeader(callback);
    assertThat(header.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    HttpResponse<String> page = get(dashboard(longCrn), session(sessionValue(callback)));
    assertThat(page.statusCode()).isEqualTo(200); // else the browser loops through sign-in
    String shownName = page.body().substring(page.body().indexOf('[') + 1,
        page.body().indexOf(']'));
    assertThat(longName).startsWith(shownName);
    assertThat(shownName.codePointCount(0, shownName.length())).isEqualTo(256);
    assertThat(page.body()).contains("[null]"); // no address is 312 characters long
  }
}
