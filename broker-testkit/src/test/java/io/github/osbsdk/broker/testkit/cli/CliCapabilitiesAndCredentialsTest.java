package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.fake.BrokerOperation;
import io.github.osbsdk.broker.testkit.fake.FakeServiceBroker;
import io.github.osbsdk.broker.testkit.fake.SampleCatalog;
import io.github.osbsdk.broker.testkit.internal.run.InProcessServer;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI's capability flags, replicas, early stop on refused credentials, and its synopsis. */
class CliCapabilitiesAndCredentialsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ConformanceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void everyCapabilityHasAFlag() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--url", "http://a:1", "--url", "http://b:2",
        "--async-plan", "p1,p2", "--async-plan", "p3", "--update", "--no-instances-retrievable",
        "--bindings-retrievable", "--no-bindings", "--dashboard-url", "--no-rotation",
        "--no-bluemix", "--concurrency", "--requires-app",
        "--provision-parameters", "p1={\"size\":3}", "--bind-parameters", "p1={\"ro\":true}"},
        Map.of());
    Capabilities c = ConformanceCli.capabilities(o);

    assertThat(o.urls).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
    assertThat(c.asyncOnlyPlans()).containsExactly("p1", "p2", "p3");
    assertThat(c.update()).contains(true);
    assertThat(c.instancesRetrievable()).contains(false);
    assertThat(c.bindingsRetrievable()).contains(true);
    assertThat(c.bindings()).contains(false);
    assertThat(c.dashboardUrl()).contains(true);
    assertThat(c.rotation()).contains(false);
    assertThat(c.bluemix()).isFalse();
    assertThat(c.concurrency()).isTrue();
    assertThat(c.requiresApp()).isTrue();
    assertThat(c.provisionParameters("p1")).contains(Map.of("size", 3));
    assertThat(c.bindParameters("p1")).contains(Map.of("ro", true));
  }

  @Test
  void unsetCapabilityFlagsLeaveTheCatalogsWord() throws Exception {
    Capabilities c = ConformanceCli.capabilities(CliOptions.parse(
        new String[] {"--url", "http://a:1"}, Map.of()));
    assertThat(c.update()).isEmpty();
    assertThat(c.instancesRetrievable()).isEmpty();
    assertThat(c.bluemix()).isTrue();
  }

  @Test
  void wrongCredentialsStopTheRunEarlyWithCredentialsRefused() throws Exception {
    try (StubServer broker = new StubServer()) {
      broker.status = 401;
      broker.body = "{\"description\":\"The credentials are not valid.\"}";
      int code = run("--url", broker.url().toString(), "--username", "u", "--password", "wrong");

      assertThat(code).isEqualTo(ConformanceCli.CREDENTIALS_REFUSED);
      assertThat(broker.seen).hasSize(1);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("credentials refused")
        .contains("basic auth as 'u'").contains("The credentials are not valid.")
        .doesNotContain("wrong");
  }

  @Test
  void forbiddenCredentialsStopTheRunEarlyWithCredentialsRefused() throws Exception {
    try (StubServer broker = new StubServer()) {
      broker.status = 403;
      broker.body = "{\"description\":\"The identity is not allowed.\"}";
      int code = run("--url", broker.url().toString(), "--bearer", "tok-of-another-id");

      assertThat(code).isEqualTo(ConformanceCli.CREDENTIALS_REFUSED);
      assertThat(broker.seen).hasSize(1);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("credentials refused")
        .contains("403").contains("the bearer token").contains("The identity is not allowed.")
        .doesNotContain("tok-of-another-id");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 passed, 0 failed, 0 skipped")
        .doesNotContain("FAIL");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "404 | <html><body>Whitelabel Error Page</body></html> | answered 404",
      "200 | <!DOCTYPE html><html><body>Welcome</body></html> | not an OSB catalog",
      "200 | {\"status\":\"UP\"} | not an OSB catalog",
      "503 | {\"description\":\"starting\"} | answered 503",
      "412 | {\"description\":\"version 2.17 not supported\"} | --api-version"})
  void anAnswerThatIsNoCatalogStopsTheRunWithNoCatalog(int status, String body, String why)
      throws Exception {
    try (StubServer broker = new StubServer()) {
      broker.status = status;
      broker.body = body;
      broker.headers = Map.of("Content-Type", body.startsWith("<") ? "text/html"
          : "application/json");
      int code = run("--url", broker.url() + "/wrong/base", "--username", "u", "--password",
          "p");

      assertThat(code).isEqualTo(ConformanceCli.NO_CATALOG);
      assertThat(broker.seen).hasSize(1);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("/wrong/base/v2/catalog")
        .contains(why).contains("nothing else was run");
    assertThat(err.toString(StandardCharsets.UTF_8).contains("base URL"))
        .as("a hint at the base URL, but not for a 412").isEqualTo(status != 412);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 passed, 0 failed, 0 skipped")
        .doesNotContain("FAIL");
  }

  @Test
  void unreachableBrokerStopsTheRunWithOneLineInsteadOfEveryCheckFailing() throws Exception {
    int code = run("--url", closedPort().toString(), "--username", "u", "--password", "p");

    assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the server")
        .contains("/v2/catalog").contains("ConnectException").contains("nothing else was run");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 passed, 0 failed, 0 skipped")
        .doesNotContain("FAIL");
  }

  @Test
  void aUrlWithAnUnknownHostSaysSo() {
    // .invalid never resolves (RFC 6761)
    int code = run("--url", "http://osb-broker.invalid", "--username", "u", "--password", "p");

    assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the server")
        .contains("http://osb-broker.invalid/v2/catalog").contains("unknown host");
  }

  @Test
  void requestTimeoutFlagBoundsEveryRequest() throws Exception {
    assertThat(CliOptions.parse(new String[] {"--url", "http://a:1"}, Map.of())
        .requestTimeoutSeconds).isEqualTo(10);
    try (StubServer broker = new StubServer()) {
      broker.handler = seen -> {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new StubServer.Reply(200, YesBroker.CATALOG, broker.headers);
      };
      long start = System.nanoTime();
      int code = run("--url", broker.url().toString(), "--request-timeout", "1");

      assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(
          java.time.Duration.ofMillis(2500));
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the server")
        .contains("HttpTimeoutException");
  }

  @Test
  void aBindThatOutlastsTheRequestTimeoutLeavesNoInstanceBehind() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.delay(BrokerOperation.BIND, Duration.ofMillis(2500));
    try (InProcessServer server = InProcessServer.start(Broker.builder(fake)
        .authenticator(BasicAuthenticator.of("u", "p")).build())) {
      String others = Arrays.stream(Rule.values()).map(Rule::id)
          .filter(id -> !id.equals("bind.created")).collect(Collectors.joining(","));
      int code = run("--url", server.baseUrl().toString(), "--username", "u", "--password", "p",
          "--request-timeout", "1", "--skip", others);

      assertThat(code).isEqualTo(ConformanceCli.FAILED);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL  bind.created");
      Thread.sleep(2000); // the binds the broker was still at have ended
      assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
    }
  }

  @Test
  void aProvisionThatOutlastsTheRequestTimeoutLeavesNoInstanceBehind() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.delay(BrokerOperation.PROVISION, Duration.ofMillis(2500));
    try (InProcessServer server = InProcessServer.start(Broker.builder(fake)
        .authenticator(BasicAuthenticator.of("u", "p")).build())) {
      int code = run("--url", server.baseUrl().toString(), "--username", "u", "--password", "p",
          "--request-timeout", "1", "--skip", allRulesBut("provision.created"));

      assertThat(code).isEqualTo(ConformanceCli.FAILED);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL  provision.created");
      Thread.sleep(2000); // the provisions the broker was still at have ended
      assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
    }
  }

  @Test
  void aBindThatOutlastsTheRequestTimeoutIsUnbound() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.delay(BrokerOperation.BIND, Duration.ofMillis(2500));
    try (InProcessServer server = InProcessServer.start(Broker.builder(fake)
        .authenticator(BasicAuthenticator.of("u", "p")).build())) {
      int code = run("--url", server.baseUrl().toString(), "--username", "u", "--password", "p",
          "--request-timeout", "1", "--skip", allRulesBut("bind.created"));

      assertThat(code).isEqualTo(ConformanceCli.FAILED);
      Set<String> bound = fake.requests(BindRequest.class).stream()
          .map(r -> r.instanceId() + "/" + r.bindingId()).collect(Collectors.toSet());
      Set<String> unbound = fake.requests(UnbindRequest.class).stream()
          .map(r -> r.instanceId() + "/" + r.bindingId()).collect(Collectors.toSet());
      assertThat(bound).isNotEmpty();
      assertThat(unbound).as("bindings unbound").containsAll(bound);
    }
  }

  @Test
  void anAsyncProvisionWhose202IsLostIsDeletedOnceItHasEnded() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .asyncPlan(SampleCatalog.SYNC_PLAN_ID).asyncPlan(SampleCatalog.UNBINDABLE_PLAN_ID)
        .asyncDuration(Duration.ofSeconds(2)).build();
    fake.delay(BrokerOperation.PROVISION, Duration.ofMillis(1500));
    try (InProcessServer server = InProcessServer.start(Broker.builder(fake)
        .authenticator(BasicAuthenticator.of("u", "p")).retryAfter(Duration.ofMillis(200))
        .build())) {
      int code = run("--url", server.baseUrl().toString(), "--username", "u", "--password", "p",
          "--request-timeout", "1", "--skip", allRulesBut("provision.created"));

      assertThat(code).isEqualTo(ConformanceCli.FAILED);
      assertThat(fake.requests(DeprovisionRequest.class)).as("deprovisions").isNotEmpty();
      assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
    }
  }

  private static String allRulesBut(String ruleId) {
    return Arrays.stream(Rule.values()).map(Rule::id).filter(id -> !id.equals(ruleId))
        .collect(Collectors.joining(","));
  }

  @Test
  void aRequestTimeoutThatIsNotPositiveIsRefused() {
    for (java.time.Duration bad : List.of(java.time.Duration.ZERO,
        java.time.Duration.ofSeconds(-1))) {
      assertThatThrownBy(() -> io.github.osbsdk.broker.testkit.ConformanceSuite.builder()
          .requestTimeout(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positive");
      assertThatThrownBy(() -> io.github.osbsdk.broker.testkit.client.OsbClient.builder(
          URI.create("http://a:1")).timeout(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positive");
    }
  }

  @Test
  void anAsyncTimeoutThatIsNotPositiveOrLongerThanADayIsRefused() {
    for (java.time.Duration bad : List.of(java.time.Duration.ZERO,
        java.time.Duration.ofSeconds(-1), java.time.Duration.ofHours(24).plusSeconds(1),
        java.time.Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThatThrownBy(() -> io.github.osbsdk.broker.testkit.ConformanceSuite.builder()
          .asyncTimeout(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("async timeout must be positive and at most 24 hours");
    }
  }

  @Test
  void aLongestPollIntervalThatIsNotPositiveOrLongerThanADayIsRefused() {
    for (java.time.Duration bad : List.of(java.time.Duration.ZERO,
        java.time.Duration.ofMillis(-1), java.time.Duration.ofHours(24).plusMillis(1),
        java.time.Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThatThrownBy(() -> io.github.osbsdk.broker.testkit.ConformanceSuite.builder()
          .maxPollInterval(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("poll interval must be positive and at most 24 hours");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "86401", "99999999999", "1e3"})
  void anAsyncTimeoutFlagOutOfRangeIsAUsageErrorBeforeAnyRequest(String seconds)
      throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url", broker.url().toString(), "--async-timeout", seconds);

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).isEmpty();
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--async-timeout must be a number of seconds from 1 to 86400 (24 hours): "
            + seconds);
  }

  @Test
  void unreachableSecondReplicaStopsTheRunAndIsNamed() throws Exception {
    URI closed = closedPort();
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url", broker.url().toString(), "--url", closed.toString());

      assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
      assertThat(broker.seen).hasSize(1);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(closed + "/v2/catalog");
  }

  @Test
  void unreachableIamStopsTheRunWithUnreachable() throws Exception {
    try (StubServer broker = new StubServer()) {
      int code = run("--url", broker.url().toString(), "--iam-url", closedPort().toString(),
          "--api-key", "key-1");

      assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
      assertThat(broker.seen).isEmpty();
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("IAM token request")
        .doesNotContain("key-1");
  }

  @ParameterizedTest
  @CsvSource({"400, 3", "401, 3", "403, 3", "500, 4", "503, 4"})
  void anApiKeyThatIamRefusesStopsTheRunWithCredentialsRefusedOtherIamFailuresWithUnreachable(
      int iamStatus, int exit) throws Exception {
    try (StubServer iam = new StubServer(); StubServer broker = YesBroker.start()) {
      iam.status = iamStatus;
      iam.body = "{\"errorCode\":\"BXNIM0415E\",\"errorMessage\":\"no\"}";

      int code = run("--url", broker.url().toString(), "--iam-url", iam.url().toString(),
          "--api-key", "key-1");

      assertThat(code).isEqualTo(exit);
      assertThat(iam.seen).isNotEmpty();
      assertThat(broker.seen).as("no check ran").isEmpty();
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(message).contains("/identity/token answered HTTP " + iamStatus)
        .contains(exit == 3 ? "IAM refused the API key" : "no IAM token")
        .doesNotContain("key-1").doesNotContain("Exception");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<html>IAM</html>", "{\"token\":\"x\"}", "null"})
  void anIamAnswerThatIsNoTokenStopsTheRunWithUnreachable(String body) throws Exception {
    try (StubServer iam = new StubServer(); StubServer broker = YesBroker.start()) {
      iam.body = body;

      int code = run("--url", broker.url().toString(), "--iam-url", iam.url().toString(),
          "--api-key", "key-1");

      assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
      assertThat(broker.seen).as("no check ran").isEmpty();
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no IAM token")
        .doesNotContain("key-1");
  }

  @Test
  void anIamTokenWithAHugeExpiresInIsUsedAndNotFetchedAgain() throws Exception {
    try (StubServer iam = new StubServer(); StubServer broker = YesBroker.start()) {
      iam.body = "{\"access_token\":\"tok-1\",\"expires_in\":99999999999999999}";

      int code = run("--url", broker.url().toString(), "--iam-url", iam.url().toString(),
          "--api-key", "key-1", "--skip", allRulesBut("catalog.status"));

      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ConformanceCli.OK);
      assertThat(iam.seen).hasSize(1);
      assertThat(broker.seen).isNotEmpty().allSatisfy(s -> assertThat(s.headers()
          .get("Authorization")).containsExactly("Bearer tok-1"));
    }
  }

  @Test
  void anIamSimulatorPortInUseIsAUsageErrorThatSaysSo() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress()); StubServer broker = YesBroker.start()) {
      int port = taken.getLocalPort();

      int code = run("--url", broker.url().toString(), "--iam-simulator",
          String.valueOf(port), "--iam-identity", "iam-ServiceId-x");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).isEmpty();
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("--iam-simulator " + port + ": cannot start the IAM simulator on port "
              + port + ": the port is in use").doesNotContain("\tat ");
    }
  }

  @Test
  void credentialsInTheUrlAreAUsageErrorAndNeverEchoed() {
    int code = run("--url", "http://admin:pw-in-url@127.0.0.1:1", "--iam-url",
        "https://apikey:key-in-url@iam.example.com", "--api-key", "k");

    assertThat(code).isEqualTo(ConformanceCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("user:password@")
        .doesNotContain("pw-in-url");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("pw-in-url");
  }

  /** A local URL on which nothing listens. */
  private static URI closedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  @Test
  void readmeSynopsisListsEveryFlagOfTheUsage() throws Exception {
    Set<String> flags = new LinkedHashSet<>();
    Matcher m = Pattern.compile("--(?:\\[no-])?[a-z][a-z-]+").matcher(ConformanceCli.usage());
    while (m.find()) {
      String flag = m.group();
      if (flag.startsWith("--[no-]")) {
        flags.add("--" + flag.substring(7));
        flags.add("--no-" + flag.substring(7));
      } else {
        flags.add(flag);
      }
    }
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    String synopsis = readme.substring(readme.indexOf("<!-- cli-synopsis -->"),
        readme.indexOf("<!-- /cli-synopsis -->"));
    assertThat(flags).hasSizeGreaterThan(20);
    for (String flag : flags) {
      String base = flag.startsWith("--no-") ? "--" + flag.substring(5) : flag;
      assertThat(synopsis.contains(flag) || synopsis.contains("--[no-]" + base.substring(2)))
          .as("README synopsis lists %s", flag).isTrue();
    }
  }
}
