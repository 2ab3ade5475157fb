package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI's capability flags, its early stop on credentials that the broker or IAM refuses, and
 * its synopsis.
 */
class CliCapabilitiesAndCredentialsTest {
  private final CliRun cli = new CliRun();

  @Test
  void everyCapabilityHasAFlag() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--url", "http://a:1", "--url", "http://b:2",
        "--async-plan", "p1,p2", "--async-plan", "p3", "--update", "--no-instances-retrievable",
        "--bindings-retrievable", "--no-bindings", "--dashboard-url", "--no-rotation",
        "--no-bluemix", "--concurrency", "--requires-app", "--binding-credentials",
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
    assertThat(c.bindingCredentials()).contains(true);
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
    assertThat(c.bindingCredentials()).isEmpty();
    assertThat(c.bluemix()).isTrue();
  }

  @Test
  void noBindingCredentialsDeclaresABrokerWithoutCredentials() throws Exception {
    Capabilities c = ConformanceCli.capabilities(CliOptions.parse(
        new String[] {"--url", "http://a:1", "--no-binding-credentials"}, Map.of()));
    assertThat(c.bindingCredentials()).contains(false);
  }

  @Test
  void wrongCredentialsStopTheRunEarlyWithCredentialsRefused() throws Exception {
    try (StubServer broker = new StubServer()) {
      broker.status = 401;
      broker.body = "{\"description\":\"The credentials are not valid.\"}";
      int code = cli.run("--url", broker.url().toString(), "--username", "u", "--password",
          "wrong");

      assertThat(code).isEqualTo(ConformanceCli.CREDENTIALS_REFUSED);
      assertThat(broker.seen).hasSize(1);
    }
    assertThat(cli.err()).contains("credentials refused")
        .contains("basic auth as 'u'").contains("The credentials are not valid.")
        .doesNotContain("wrong");
  }

  @Test
  void forbiddenCredentialsStopTheRunEarlyWithCredentialsRefused() throws Exception {
    try (StubServer broker = new StubServer()) {
      broker.status = 403;
      broker.body = "{\"description\":\"The identity is not allowed.\"}";
      int code = cli.run("--url", broker.url().toString(), "--bearer", "tok-of-another-id");

      assertThat(code).isEqualTo(ConformanceCli.CREDENTIALS_REFUSED);
      assertThat(broker.seen).hasSize(1);
    }
    assertThat(cli.err()).contains("credentials refused")
        .contains("403").contains("the bearer token").contains("The identity is not allowed.")
        .doesNotContain("tok-of-another-id");
    assertThat(cli.out()).contains("0 passed, 0 failed, 0 skipped")
        .doesNotContain("FAIL");
  }

  @ParameterizedTest
  @CsvSource({"400, 3", "401, 3", "403, 3", "500, 4", "503, 4"})
  void anApiKeyThatIamRefusesStopsTheRunWithCredentialsRefusedOtherIamFailuresWithUnreachable(
      int iamStatus, int exit) throws Exception {
    try (StubServer iam = new StubServer(); StubServer broker = YesBroker.start()) {
      iam.status = iamStatus;
      iam.body = "{\"errorCode\":\"BXNIM0415E\",\"errorMessage\":\"no\"}";

      int code = cli.run("--url", broker.url().toString(), "--iam-url", iam.url().toString(),
          "--api-key", "key-1");

      assertThat(code).isEqualTo(exit);
      assertThat(iam.seen).isNotEmpty();
      assertThat(broker.seen).as("no check ran").isEmpty();
    }
    String message = cli.err();
    assertThat(message).contains("/identity/token answered HTTP " + iamStatus)
        .contains(exit == 3 ? "IAM refused the API key" : "no IAM token")
        .doesNotContain("key-1").doesNotContain("Exception");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<html>IAM</html>", "{\"token\":\"x\"}", "null"})
  void anIamAnswerThatIsNoTokenStopsTheRunWithUnreachable(String body) throws Exception {
    try (StubServer iam = new StubServer(); StubServer broker = YesBroker.start()) {
      iam.body = body;

      int code = cli.run("--url", broker.url().toString(), "--iam-url", iam.url().toString(),
          "--api-key", "key-1");

      assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
      assertThat(broker.seen).as("no check ran").isEmpty();
    }
    assertThat(cli.err()).contains("no IAM token")
        .doesNotContain("key-1");
  }

  @Test
  void anIamTokenWithAHugeExpiresInIsUsedAndNotFetchedAgain() throws Exception {
    try (StubServer iam = new StubServer(); StubServer broker = YesBroker.start()) {
      iam.body = "{\"access_token\":\"tok-1\",\"expires_in\":99999999999999999}";

      int code = cli.run("--url", broker.url().toString(), "--iam-url", iam.url().toString(),
          "--api-key", "key-1", "--skip", CliRun.allRulesBut("catalog.status"));

      assertThat(code).as(cli.err()).isEqualTo(ConformanceCli.OK);
      assertThat(iam.seen).hasSize(1);
      assertThat(broker.seen).isNotEmpty().allSatisfy(s -> assertThat(s.headers()
          .get("Authorization")).containsExactly("Bearer tok-1"));
    }
  }

  @Test
  void anIamSimulatorPortInUseIsAUsageErrorThatSaysSo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        StubServer broker = YesBroker.start()) {
      int port = taken.getLocalPort();

      int code = cli.run("--url", broker.url().toString(), "--iam-simulator",
          String.valueOf(port), "--iam-identity", "iam-ServiceId-x");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).isEmpty();
      assertThat(cli.err())
          .contains("--iam-simulator " + port + ": cannot start the IAM simulator on port "
              + port + ": the port is in use").doesNotContain("\tat ");
    }
  }

  @Test
  void credentialsInTheUrlAreAUsageErrorAndNeverEchoed() {
    int code = cli.run("--url", "http://admin:pw-in-url@127.0.0.1:1", "--iam-url",
        "https://apikey:key-in-url@iam.example.com", "--api-key", "k");

    assertThat(code).isEqualTo(ConformanceCli.USAGE);
    assertThat(cli.err()).contains("user:password@")
        .doesNotContain("pw-in-url");
    assertThat(cli.out()).doesNotContain("pw-in-url");
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
