package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.internal.run.InProcessServer;
import io.github.osbsdk.broker.testkit.support.CatalogGets;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the command line takes and refuses before any check: usage errors, option forms,
 * credentials from the environment or IAM, and the catalog-based checks of the flags.
 */
class ConformanceCliTest {
  private final CliRun cli = new CliRun();

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "--username u --password p",
      "--url http://127.0.0.1:1 --bogus",
      "--url ftp://example.com",
      "--url http://127.0.0.1:1/?x=1",
      "--url http://127.0.0.1:1 --url http://127.0.0.1:1/",
      "--url http://127.0.0.1:1#",
      "--url http://127.0.0.1:1 --iam-url http://127.0.0.1:2/?realm=x --api-key k",
      "--url http://127.0.0.1:1 --username u",
      "--url http://127.0.0.1:1 --username u --password p --bearer t",
      "--url http://127.0.0.1:1 --iam-url http://127.0.0.1:2",
      "--url http://127.0.0.1:1 --api-version two",
      "--url http://127.0.0.1:1 --skip",
      "--url http://127.0.0.1:1 --parallelism 0",
      "--url http://127.0.0.1:1 --iam-simulator 70000 --iam-identity iam-x",
      "--url http://127.0.0.1:1 --request-timeout 0",
      "--url http://127.0.0.1:1 --request-timeout 1.5",
      "--url http://127.0.0.1:1 --request-timeout",
      "--url http://127.0.0.1:1 --verbose=yes",
      "--url http://127.0.0.1:1 --request-timeout 86401",
      "--url http://127.0.0.1:1 --request-timeout=2147483647",
      "--url http://127.0.0.1:1 --parallelism 257",
      "--url http://127.0.0.1:1 --parallelism=2000000000",
      "--url http://127.0.0.1:1 --iam-simulator 0 --iam-identity iam-x",
      "--url http://127.0.0.1:1 --iam-simulator -1 --iam-identity iam-x",
      "--url http://127.0.0.1:1 --username u --password --secret--",
      "--url"})
  void usageErrorsExitWith2AndExplain(String args) {
    String[] argv = args.isEmpty() ? new String[0] : args.split(" ");

    assertThat(cli.run(argv)).isEqualTo(2);

    assertThat(cli.err()).startsWith("error: ").contains("usage:");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void passwordCanComeFromTheEnvironment() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = cli.runWithEnvironment(Map.of("OSB_PASSWORD", "from-env"), "--url",
          broker.url().toString(), "--username", "u", "--skip",
          "auth.required,auth.wrong-credentials");

      assertThat(code).isEqualTo(1);
      assertThat(broker.last().headers().get("Authorization")).containsExactly("Basic "
          + java.util.Base64.getEncoder().encodeToString("u:from-env".getBytes(
              StandardCharsets.UTF_8)));
    }
  }

  @Test
  void iamApiKeyIsExchangedForABearerToken() throws Exception {
    try (StubServer broker = YesBroker.start();
        io.github.osbsdk.broker.testkit.iam.IamSimulator iam =
            io.github.osbsdk.broker.testkit.iam.IamSimulator.start()) {
      iam.registerApiKey("cli-key", "iam-ServiceId-cli");

      int code = cli.run("--url", broker.url().toString(), "--iam-url", iam.baseUrl().toString(),
          "--api-key", "cli-key", "--skip", "auth.required,auth.wrong-credentials");

      assertThat(code).isEqualTo(1);
      assertThat(broker.last().headers().get("Authorization").get(0)).startsWith("Bearer ey");
      assertThat(cli.out()).doesNotContain("cli-key");
    }
  }

  @Test
  void everyOptionTakesItsValueAfterAnEqualsSignEvenOneStartingWithDashes() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url=" + broker.url(), "--username=u", "--password=--secret--",
          "--skip=auth.required,auth.wrong-credentials", "--parallelism=2",
          "--request-timeout=5", "--async-timeout=30", "--api-version=2.17");

      assertThat(code).as(cli::err).isEqualTo(1);
      assertThat(broker.last().headers().get("Authorization")).containsExactly("Basic "
          + java.util.Base64.getEncoder().encodeToString("u:--secret--".getBytes(
              StandardCharsets.UTF_8)));
    }
  }

  @Test
  void helpPrintsUsageAndExitsWith0() {
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("usage:").contains("--junit-xml")
        .contains("--password=VALUE");
  }

  @Test
  void unknownSkipIsAUsageErrorNamingCloseMatchesBeforeAnyCheck() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url", broker.url().toString(), "--skip", "auth.requird",
          "totally-unknown", "--no-bluemix");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).allMatch(s -> s.rawPath().equals("/v2/catalog"));
    }
    assertThat(cli.err()).startsWith("error: ")
        .contains("'auth.requird'").contains("did you mean auth.required")
        .contains("'totally-unknown'").contains("catalog.etag");
    assertThat(cli.outLines()).noneMatch(l -> l.startsWith("PASS") || l.startsWith("FAIL")
        || l.startsWith("SKIP"));
  }

  @Test
  void aRunAsksEachReplicaForTheCatalogOnceBeforeAnyCheck() {
    CatalogGets onA = new CatalogGets();
    CatalogGets onB = new CatalogGets();
    try (InProcessServer a = InProcessServer.start(CatalogGets.exampleBroker(onA));
        InProcessServer b = InProcessServer.start(CatalogGets.exampleBroker(onB))) {
      // an unknown skip stops the run after planning from the catalog, before any check
      int code = cli.run("--url", a.baseUrl().toString(), "--url", b.baseUrl().toString(),
          "--username", "broker", "--password", "s3cret", "--skip", "no.such-rule");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
    }
    assertThat(onA.count()).as("GET /v2/catalog on the first replica").isEqualTo(1);
    assertThat(onB.count()).as("GET /v2/catalog on the second replica").isEqualTo(1);
    assertThat(cli.err()).contains("'no.such-rule'");
  }

  @Test
  void asyncPlanNamingNoPlanOfTheCatalogIsAUsageErrorBeforeAnyCheck() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url", broker.url().toString(), "--async-plan", "plan-a1,plan-a3");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).allMatch(s -> s.rawPath().equals("/v2/catalog"));
    }
    assertThat(cli.err()).startsWith("error: ")
        .contains("'plan-a3'").doesNotContain("'plan-a1'").contains("plan-a2 (alpha/large)");
    assertThat(cli.outLines()).noneMatch(l -> l.startsWith("PASS") || l.startsWith("FAIL")
        || l.startsWith("SKIP"));
  }

  @Test
  void parametersForAPlanNotInTheCatalogAreAUsageErrorBeforeAnyCheck() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url", broker.url().toString(), "--provision-parameters",
          "plan-a1={\"size\":1}", "--provision-parameters", "plan-a9={\"size\":1}",
          "--bind-parameters", "plan-b7={}");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).allMatch(s -> s.rawPath().equals("/v2/catalog"));
    }
    assertThat(cli.err()).startsWith("error: ")
        .contains("--provision-parameters").contains("'plan-a9'").doesNotContain("'plan-a1'")
        .contains("--bind-parameters").contains("'plan-b7'").contains("plan-a2 (alpha/large)");
    assertThat(cli.outLines()).noneMatch(l -> l.startsWith("PASS") || l.startsWith("FAIL")
        || l.startsWith("SKIP"));
  }

  @Test
  void junitXmlUnderAFileOrOnAFolderIsAUsageErrorBeforeAnyRequest(@TempDir Path dir)
      throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
    try (StubServer broker = YesBroker.start()) {
      assertThat(cli.run("--url", broker.url().toString(), "--junit-xml",
          file.resolve("osb.xml").toString())).isEqualTo(ConformanceCli.USAGE);
      assertThat(cli.run("--url", broker.url().toString(), "--junit-xml", dir.toString()))
          .isEqualTo(ConformanceCli.USAGE);

      assertThat(broker.seen).isEmpty();
    }
    assertThat(cli.err()).contains("is not a folder")
        .contains("is a folder, not a file");
  }
}
