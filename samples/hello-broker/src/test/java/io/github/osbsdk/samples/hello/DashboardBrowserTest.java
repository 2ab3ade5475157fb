package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The sample's dashboard single sign-on in a real browser: Debian's headless Chromium, driven
 * through chromedriver by Selenium, walks provision (IAM mode, embedded IAM simulator, SSO on)
 * → the instance's dashboard URL → the simulator's authorize endpoint → the broker's callback →
 * the dashboard page, and checks the cookies, the redirects, the rendered page, a forged state
 * and the sign-out button. Screenshots go to {@code target/screenshots/}.
 *
 * <p>The browser reaches only the loopback address: every other host name resolves to nothing.
 * Selenium Manager never runs (driver and browser paths are given), so nothing is downloaded.
 * Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} the test is skipped
 * locally, and fails when the {@code CI} environment variable is set ({@code .ci/run} installs
 * both).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
  /** Debian's paths; the system properties exist to check the missing-browser rules. */
  private static final Path CHROMIUM =
      Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String SESSION = "osb_dashboard_session";
  private static final String NONCE = "osb_sso_nonce";

  private HelloServer server;
  private String publicUrl;
  private ChromeDriver browser;
  private Path profile;

  @BeforeAll
  void start() throws IOException {
    if (!browserInstalled()) {
      return; // each test is skipped with the reason (fails in CI)
    }
    // The public URL names "localhost" while the platform calls below go to 127.0.0.1: every URL
    // the broker hands out must come from this configuration, never from a request's Host. The
    // URL needs the port before the start binds it: a port another process took meanwhile
    // fails the start on that port, and the start is made again on another.
    for (int attempt = 1; server == null; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      publicUrl = "http://localhost:" + port;
      try {
        server = HelloServer.start(new HelloConfig("127.0.0.1", port, publicUrl, "iam", "broker",
            "unused", false, Duration.ofMillis(300), IamSettings.embedded(),
            StateSettings.inMemory(), MeteringSettings.embedded()));
      } catch (UncheckedIOException e) {
        if (attempt == 5 || !("cannot start the server on 127.0.0.1:" + port).equals(
            e.getMessage())) {
          throw e;
        }
      }
    }
    profile = Files.createTempDirectory("chromium-profile");
    browser = startBrowser(profile);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @BeforeEach
  void freshBrowserState() {
    assumeTrue(browser != null, "Browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER
        + " is not installed (apt-get install chromium chromium-driver; with CI set this is a"
        + " failure)");
    browser.manage().deleteAllCookies();
    browser.manage().logs().get(LogType.PERFORMANCE); // drop earlier events
  }

  /** Whether the browser is there; a failure instead when CI is set. */
  private static boolean browserInstalled() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String ci = System.getenv("CI");
    if (!present && ci != null && !ci.isBlank()) {
      fail("CI is set but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: .ci/run installs"
          + " Debian's chromium and chromium-driver");
    }
    return present;
  }

  private static ChromeDriver startBrowser(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--window-size=1024,640",
        // nothing but the loopback address: any other name resolves to nothing
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // an explicit driver executable: Selenium Manager is not asked to find or fetch anything
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  @Test
  void signInWalksFromTheDashboardUrlThroughIamBackToTheRenderedDashboard() throws IOException {
    String id = "crn:v1:bluemix:public:hello-kv:us-south:a/acct1:browser-" + UUID.randomUUID()
        + "::";
    String dashboardUrl = provision(id);
    assertThat(dashboardUrl).isEqualTo(publicUrl + "/dashboard/" + enc(id));

    browser.get(dashboardUrl);

    assertThat(browser.getCurrentUrl()).isEqualTo(dashboardUrl);
    List<Hop> hops = documentHops();
    assertThat(hops).extracting(Hop::url).as("the browser's navigations: %s", hops)
        .anySatisfy(u -> assertThat(u).startsWith(iamAuthorizeUrl()))
        .anySatisfy(u -> assertThat(u).startsWith(publicUrl + "/dashboard/callback?"));
    Hop toIam = hops.stream().filter(h -> h.url().startsWith(iamAuthorizeUrl())).findFirst()
        .orElseThrow();
    assertThat(toIam.url()).contains("redirect_uri="
        + URLEncoder.encode(publicUrl + "/dashboard/callback", StandardCharsets.UTF_8));
    Hop callback = hops.stream().filter(h -> h.url().contains("/dashboard/callback?"))
        .findFirst().orElseThrow();
    assertThat(callback.status()).isEqualTo(303);
    assertThat(callback.location()).isEqualTo(dashboardUrl);

    Cookie session = browser.manage().getCookieNamed(SESSION);
    assertThat(session).as("session cookie").isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.isSecure()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(session.getPath()).isEqualTo("/dashboard/");
    assertThat(browser.manage().getCookieNamed(NONCE)).as("nonce cookie is cleared").isNull();
    assertThat(browser.executeScript("return document.cookie")).asString()
        .doesNotContain(SESSION);

    assertThat(browser.getTitle()).isEqualTo("hello-kv");
    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("Instance " + id).contains(HelloIam.DEMO_USER_ID);
    screenshot("dashboard.png");
  }

  /** Waits up to 30 s for the browser to reach {@code url} (the assertion after says if not). */
  private void awaitUrl(String url) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!url.equals(browser.getCurrentUrl()) && System.nanoTime() < end) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Test
  void signOutButtonEndsTheSessionAndTheNextVisitSignsInAgain() throws IOException {
    String id = "browser-sign-out-" + UUID.randomUUID();
    String dashboardUrl = provision(id);
    browser.get(dashboardUrl);
    assertThat(browser.manage().getCookieNamed(SESSION)).isNotNull();
    browser.manage().logs().get(LogType.PERFORMANCE); // drop the sign-in's events

    browser.findElement(By.id("sign-out")).click();

    // a click submits the form and returns; the browser may still be on the dashboard page
    awaitUrl(publicUrl + "/dashboard/logout");
    assertThat(browser.getCurrentUrl()).isEqualTo(publicUrl + "/dashboard/logout");
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("Signed out");
    assertThat(browser.manage().getCookieNamed(SESSION)).as("session cookie gone").isNull();
    assertThat(logoutOrigin()).as("the form's Origin").isEqualTo(publicUrl);
    screenshot("signed-out.png");

    browser.manage().logs().get(LogType.PERFORMANCE);
    browser.get(dashboardUrl); // signed out: through IAM again (the simulator signs in at once)

    assertThat(documentHops()).extracting(Hop::url)
        .anySatisfy(u -> assertThat(u).startsWith(iamAuthorizeUrl()));
    assertThat(browser.getCurrentUrl()).isEqualTo(dashboardUrl);
    assertThat(browser.manage().getCookieNamed(SESSION)).isNotNull();
  }

  /** The {@code Origin} header of the browser's last POST to the sign-out. */
  private String logoutOrigin() throws IOException {
    String origin = null;
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = JSON.readTree(entry.getMessage()).path("message");
      JsonNode request = message.path("params").path("request");
      if ("Network.requestWillBeSent".equals(message.path("method").asText())
          && "POST".equals(request.path("method").asText())
          && request.path("url").asText().endsWith("/dashboard/logout")) {
        origin = header(request.path("headers"), "origin");
      }
    }
    return origin;
  }

  @Test
  void instanceIdWithMarkupIsShownAsTextAndNeverRuns() throws IOException {
    String id = "x\"><img src=x onerror=window.injected=1><script>window.injected=2</script>";
    String dashboardUrl = provision(id);

    browser.get(dashboardUrl);

    assertThat(browser.getCurrentUrl()).isEqualTo(dashboardUrl);
    assertThat(browser.findElement(By.tagName("code")).getText()).isEqualTo(id);
    assertThat(browser.executeScript("return window.injected === undefined")).isEqualTo(true);
    assertThat(browser.findElements(By.tagName("img"))).isEmpty();
    assertThat(browser.findElements(By.tagName("script"))).isEmpty();
    screenshot("dashboard-markup-id.png");
  }

  @Test
  void tamperedStateIsRefusedWithoutASessionWhileTheUntouchedStateSignsIn() throws Exception {
    String id = "browser-forged-" + UUID.randomUUID();
    String dashboardUrl = provision(id);
    // the first hop by hand, to hold the sign-in before IAM: its state and its nonce cookie
    HttpResponse<Void> start = CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUri()
        + "/dashboard/" + enc(id))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(start.statusCode()).isEqualTo(303);
    String authorizeUrl = start.headers().firstValue("Location").orElseThrow();
    assertThat(authorizeUrl).startsWith(iamAuthorizeUrl()).contains("&state=");
    String nonce = start.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(NONCE + "=")).findFirst().orElseThrow();
    // into the browser, as the broker set it (host-only, HttpOnly, Secure, Lax)
    browser.executeCdpCommand("Network.setCookie", Map.of("url", publicUrl + "/dashboard/",
        "name", NONCE, "value", nonce.substring(NONCE.length() + 1, nonce.indexOf(';')),
        "path", "/dashboard/", "httpOnly", true, "secure", true, "sameSite", "Lax"));

    // IAM hands the tampered state back to the broker with a valid code
    browser.get(withTamperedState(authorizeUrl));

    assertThat(browser.getCurrentUrl()).startsWith(publicUrl + "/dashboard/callback?code=");
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("Sign-in refused");
    assertThat(lastDocumentStatus()).isEqualTo(400);
    assertThat(browser.manage().getCookieNamed(SESSION)).as("no session").isNull();
    screenshot("forged-state-refused.png");

    browser.get(authorizeUrl); // the same sign-in, untampered, completes

    assertThat(browser.getCurrentUrl()).isEqualTo(dashboardUrl);
    assertThat(browser.manage().getCookieNamed(SESSION)).isNotNull();
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("Instance " + id);
  }

  /** Flips one character in the middle of the {@code state} parameter of a URL. */
  private static String withTamperedState(String url) {
    int start = url.indexOf("state=") + "state=".length();
    int end = url.indexOf('&', start) < 0 ? url.length() : url.indexOf('&', start);
    int at = start + (end - start) / 2;
    char flipped = url.charAt(at) == 'A' ? 'B' : 'A';
    return url.substring(0, at) + flipped + url.substring(at + 1);
  }

  private String iamAuthorizeUrl() {
    return HelloIam.forSettings(IamSettings.embedded()).iamUrl() + "/identity/authorize?";
  }

  /** Provisions through the broker's platform API at 127.0.0.1 with an IAM bearer token. */
  private String provision(String id) {
    String token = HelloIam.forSettings(IamSettings.embedded()).exampleToken();
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\","
        + "\"account_id\":\"acct1\"},\"parameters\":{}}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUri()
            + "/v2/service_instances/" + enc(id)))
        .timeout(Duration.ofSeconds(10)).header("X-Broker-API-Version", "2.17")
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      return JSON.readTree(r.body()).path("dashboard_url").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One document request the browser made: its URL, and the redirect it got, if any. */
  record Hop(String url, int status, String location) {}

  /** The top-level navigations since the last call, from Chromium's performance log. */
  private List<Hop> documentHops() throws IOException {
    List<Hop> hops = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = JSON.readTree(entry.getMessage()).path("message");
      JsonNode params = message.path("params");
      if (!"Network.requestWillBeSent".equals(message.path("method").asText())
          || !"Document".equals(params.path("type").asText())) {
        continue;
      }
      JsonNode redirect = params.path("redirectResponse");
      if (!redirect.isMissingNode()) { // the previous hop was a redirect: record its answer
        hops.add(new Hop(redirect.path("url").asText(), redirect.path("status").asInt(),
            header(redirect.path("headers"), "location")));
      }
      hops.add(new Hop(params.path("request").path("url").asText(), 0, null));
    }
    // each redirected URL appears twice (request, then its answer): keep the answers
    List<Hop> merged = new ArrayList<>();
    for (Hop h : hops) {
      if (!merged.isEmpty() && merged.get(merged.size() - 1).url().equals(h.url())
          && merged.get(merged.size() - 1).status() == 0) {
        merged.set(merged.size() - 1, h);
      } else {
        merged.add(h);
      }
    }
    return merged;
  }

  /** The status of the last document response, from Chromium's performance log. */
  private int lastDocumentStatus() throws IOException {
    int status = -1;
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = JSON.readTree(entry.getMessage()).path("message");
      JsonNode params = message.path("params");
      if ("Network.responseReceived".equals(message.path("method").asText())
          && "Document".equals(params.path("type").asText())) {
        status = params.path("response").path("status").asInt();
      }
    }
    return status;
  }

  private static String header(JsonNode headers, String name) {
    for (Map.Entry<String, JsonNode> e : headers.properties()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue().asText();
      }
    }
    return null;
  }

  private void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
