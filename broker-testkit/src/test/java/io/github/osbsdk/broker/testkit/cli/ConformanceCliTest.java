package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.fake.BrokerOperation;
import io.github.osbsdk.broker.testkit.fake.FakeServiceBroker;
import io.github.osbsdk.broker.testkit.internal.run.InProcessServer;
import io.github.osbsdk.broker.testkit.support.CatalogGets;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

class ConformanceCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ConformanceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> outLines() {
    return out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
  }

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

    assertThat(run(argv)).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ").contains("usage:");
    assertThat(out.size()).isZero();
  }

  @Test
  void passwordCanComeFromTheEnvironment() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = ConformanceCli.run(new String[] {"--url", broker.url().toString(), "--username",
          "u", "--skip", "auth.required,auth.wrong-credentials"}, java.util.Map.of(
              "OSB_PASSWORD", "from-env"), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

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

      int code = run("--url", broker.url().toString(), "--iam-url", iam.baseUrl().toString(),
          "--api-key", "cli-key", "--skip", "auth.required,auth.wrong-credentials");

      assertThat(code).isEqualTo(1);
      assertThat(broker.last().headers().get("Authorization").get(0)).startsWith("Bearer ey");
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("cli-key");
    }
  }

  @Test
  void everyOptionTakesItsValueAfterAnEqualsSignEvenOneStartingWithDashes() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url=" + broker.url(), "--username=u", "--password=--secret--",
          "--skip=auth.required,auth.wrong-credentials", "--parallelism=2",
          "--request-timeout=5", "--async-timeout=30", "--api-version=2.17");

      assertThat(code).as(err::toString).isEqualTo(1);
      assertThat(broker.last().headers().get("Authorization")).containsExactly("Basic "
          + java.util.Base64.getEncoder().encodeToString("u:--secret--".getBytes(
              StandardCharsets.UTF_8)));
    }
  }

  @Test
  void helpPrintsUsageAndExitsWith0() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage:").contains("--junit-xml")
        .contains("--password=VALUE");
  }

  @Test
  void brokenBrokerExitsWith1PrintsOneLinePerCheckAndEndsWithTheSummary(@TempDir Path dir)
      throws Exception {
    Path xml = dir.resolve("reports/osb.xml");
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url", broker.url().toString(), "--username", "u", "--password", "p",
          "--api-version", "2.14", "--junit-xml", xml.toString());

      assertThat(code).isEqualTo(1);
      assertThat(broker.seen).allSatisfy(s ->
          assertThat(s.headers().get("X-broker-api-version")).isNotEqualTo(List.of("2.17")));
    }
    List<String> lines = outLines();
    String last = lines.get(lines.size() - 1);
    assertThat(last).matches("\\d+ passed, [1-9]\\d* failed, \\d+ skipped");
    assertThat(lines).anyMatch(l -> l.startsWith("FAIL  version.missing"));
    assertThat(lines).anyMatch(l -> l.startsWith("rule group"));
    assertThat(lines).anyMatch(l -> l.matches("total\\s+\\d+\\s+\\d+\\s+\\d+"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Failures:")
        .contains("Authorization: Basic ****").doesNotContain("dTpw");

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    String[] counts = last.split("\\D+");
    int passed = Integer.parseInt(counts[0]);
    int failed = Integer.parseInt(counts[1]);
    int skipped = Integer.parseInt(counts[2]);
    assertThat(doc.getDocumentElement().getAttribute("tests"))
        .isEqualTo(String.valueOf(passed + failed + skipped));
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo(String.valueOf(failed));
    assertThat(doc.getElementsByTagName("testcase").getLength())
        .isEqualTo(passed + failed + skipped);
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(failed);
  }

  @Test
  void everythingSkippedExitsWith0() throws Exception {
    String all = Arrays.stream(Rule.values()).map(Rule::id).collect(Collectors.joining(","));
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url", broker.url().toString(), "--skip", all);

      assertThat(code).isZero();
    }
    List<String> lines = outLines();
    assertThat(lines.get(lines.size() - 1)).matches("0 passed, 0 failed, [1-9]\\d* skipped");
    assertThat(lines).filteredOn(l -> l.startsWith("SKIP  ")).isNotEmpty()
        .allMatch(l -> l.contains("skipped on request"));
  }

  @Test
  void skipTakesCheckNamesAndSeveralValues() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      run("--url", broker.url().toString(), "--skip", "version.missing",
          "provision.created[alpha/small]", "--no-bluemix");
    }
    List<String> lines = outLines();
    assertThat(lines).anyMatch(l -> l.startsWith("SKIP  version.missing ")
        && l.contains("skipped on request"));
    assertThat(lines).anyMatch(l -> l.startsWith("SKIP  provision.created[alpha/small]")
        && l.contains("skipped on request"));
    assertThat(lines).anyMatch(l -> l.startsWith("FAIL  provision.created[alpha/large]"));
    assertThat(lines).anyMatch(l -> l.startsWith("SKIP  bluemix.state")
        && l.contains("switched off"));
  }

  @Test
  void unknownSkipIsAUsageErrorNamingCloseMatchesBeforeAnyCheck() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url", broker.url().toString(), "--skip", "auth.requird",
          "totally-unknown", "--no-bluemix");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).allMatch(s -> s.rawPath().equals("/v2/catalog"));
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ")
        .contains("'auth.requird'").contains("did you mean auth.required")
        .contains("'totally-unknown'").contains("catalog.etag");
    assertThat(outLines()).noneMatch(l -> l.startsWith("PASS") || l.startsWith("FAIL")
        || l.startsWith("SKIP"));
  }

  @Test
  void aRunAsksEachReplicaForTheCatalogOnceBeforeAnyCheck() {
    CatalogGets onA = new CatalogGets();
    CatalogGets onB = new CatalogGets();
    try (InProcessServer a = InProcessServer.start(CatalogGets.exampleBroker(onA));
        InProcessServer b = InProcessServer.start(CatalogGets.exampleBroker(onB))) {
      // an unknown skip stops the run after planning from the catalog, before any check
      int code = run("--url", a.baseUrl().toString(), "--url", b.baseUrl().toString(),
          "--username", "broker", "--password", "s3cret", "--skip", "no.such-rule");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
    }
    assertThat(onA.count()).as("GET /v2/catalog on the first replica").isEqualTo(1);
    assertThat(onB.count()).as("GET /v2/catalog on the second replica").isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'no.such-rule'");
  }

  /** The fake, behind basic auth u/p, binding slowly: checks are at work while a bind runs. */
  private static FakeServiceBroker slowBindingBroker() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.delay(BrokerOperation.BIND, Duration.ofSeconds(2));
    return fake;
  }

  private static InProcessServer serve(FakeServiceBroker fake) {
    return InProcessServer.start(Broker.builder(fake)
        .authenticator(BasicAuthenticator.of("u", "p")).build());
  }

  /**
   * Runs the {@code bind.created} checks one at a time, so that when the run is stopped one
   * check is at its slow bind, with an instance to delete, and no provision is on its way.
   */
  private static final String[] BIND_CHECKS_ONLY = {"--parallelism", "1", "--skip",
      Arrays.stream(Rule.values()).map(Rule::id).filter(id -> !id.equals("bind.created"))
          .collect(Collectors.joining(","))};

  private static void awaitABind(FakeServiceBroker fake) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (fake.requests(BrokerOperation.BIND).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(fake.instanceIds()).as("instances while a bind runs").isNotEmpty();
  }

  @Test
  void anInterruptedRunDeletesWhatItsRunningChecksCreatedAndExitsWith130() throws Exception {
    FakeServiceBroker fake = slowBindingBroker();
    AtomicInteger code = new AtomicInteger(-1);
    try (InProcessServer server = serve(fake)) {
      List<String> args = new java.util.ArrayList<>(List.of("--url", server.baseUrl().toString(),
          "--username", "u", "--password", "p"));
      args.addAll(List.of(BIND_CHECKS_ONLY));
      Thread cli = new Thread(() -> code.set(run(args.toArray(String[]::new))));
      cli.start();
      awaitABind(fake);

      cli.interrupt();
      cli.join(60_000);

      assertThat(cli.isAlive()).isFalse();
      Thread.sleep(2500); // the binds the broker was still at have ended
      assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
    }
    assertThat(code.get()).isEqualTo(ConformanceCli.INTERRUPTED);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: interrupted")
        .doesNotContain("Exception");
  }

  @Test
  void anInterruptedRunDeletesTheInstanceOfAProvisionStillOut() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.delay(BrokerOperation.PROVISION, Duration.ofSeconds(2));
    AtomicInteger code = new AtomicInteger(-1);
    try (InProcessServer server = serve(fake)) {
      Thread cli = new Thread(() -> code.set(run("--url", server.baseUrl().toString(),
          "--username", "u", "--password", "p", "--parallelism", "1", "--skip",
          Arrays.stream(Rule.values()).map(Rule::id).filter(id -> !id.equals("provision.created"))
              .collect(Collectors.joining(",")))));
      cli.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (fake.requests(BrokerOperation.PROVISION).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      cli.interrupt();
      cli.join(60_000);

      assertThat(cli.isAlive()).isFalse();
      Thread.sleep(2500); // the provision the broker was still at has ended
      assertThat(fake.requests(BrokerOperation.PROVISION)).isNotEmpty();
      assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
    }
    assertThat(code.get()).isEqualTo(ConformanceCli.INTERRUPTED);
  }

  @Test
  void ctrlCOfTheCommandLineDeletesWhatItsRunningChecksCreated(@TempDir Path dir)
      throws Exception {
    FakeServiceBroker fake = slowBindingBroker();
    Path stderr = dir.resolve("stderr.txt");
    try (InProcessServer server = serve(fake)) {
      String javaBin = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-cp",
          System.getProperty("java.class.path"), ConformanceCli.class.getName(), "--url",
          server.baseUrl().toString(), "--username", "u", "--password", "p"));
      command.addAll(List.of(BIND_CHECKS_ONLY));
      Process cli = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(stderr.toFile()).start();
      try {
        awaitABind(fake);

        cli.destroy(); // SIGTERM: the JVM runs its shutdown hooks as on Ctrl-C (SIGINT)

        assertThat(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread.sleep(2500); // the binds the broker was still at have ended
        assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
      } finally {
        cli.destroyForcibly();
      }
    }
    assertThat(java.nio.file.Files.readString(stderr)).contains("error: interrupted")
        .doesNotContain("Exception");
  }

  @Test
  void asyncPlanNamingNoPlanOfTheCatalogIsAUsageErrorBeforeAnyCheck() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url", broker.url().toString(), "--async-plan", "plan-a1,plan-a3");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).allMatch(s -> s.rawPath().equals("/v2/catalog"));
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ")
        .contains("'plan-a3'").doesNotContain("'plan-a1'").contains("plan-a2 (alpha/large)");
    assertThat(outLines()).noneMatch(l -> l.startsWith("PASS") || l.startsWith("FAIL")
        || l.startsWith("SKIP"));
  }

  @Test
  void parametersForAPlanNotInTheCatalogAreAUsageErrorBeforeAnyCheck() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url", broker.url().toString(), "--provision-parameters",
          "plan-a1={\"size\":1}", "--provision-parameters", "plan-a9={\"size\":1}",
          "--bind-parameters", "plan-b7={}");

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).allMatch(s -> s.rawPath().equals("/v2/catalog"));
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ")
        .contains("--provision-parameters").contains("'plan-a9'").doesNotContain("'plan-a1'")
        .contains("--bind-parameters").contains("'plan-b7'").contains("plan-a2 (alpha/large)");
    assertThat(outLines()).noneMatch(l -> l.startsWith("PASS") || l.startsWith("FAIL")
        || l.startsWith("SKIP"));
  }

  @Test
  void notApplicableChecksOfACliRunNameTheFlagsNotTheJavaApi() throws Exception {
    List<String> tried = List.of("iam.", "replicas.", "bind.requires-app", "concurrency.");
    String others = Arrays.stream(Rule.values()).map(Rule::id)
        .filter(id -> tried.stream().noneMatch(id::startsWith))
        .collect(Collectors.joining(","));
    try (StubServer broker = YesBroker.start()) {
      run("--url", broker.url().toString(), "--skip", others);
    }

    assertThat(outLines()).filteredOn(l -> l.startsWith("SKIP  iam.")).hasSize(3)
        .allSatisfy(l -> assertThat(l).contains("not applicable").contains("--iam-simulator"));
    assertThat(outLines()).anySatisfy(l -> assertThat(l).startsWith("SKIP  replicas.")
        .contains("--url A --url B"));
    assertThat(outLines()).anySatisfy(l -> assertThat(l).startsWith("SKIP  bind.requires-app")
        .contains("--requires-app"));
    assertThat(outLines()).filteredOn(l -> l.startsWith("SKIP")).isNotEmpty()
        .allSatisfy(l -> assertThat(l).doesNotContain("ConformanceSuite.Builder")
            .doesNotContain("Capabilities."));
  }

  @Test
  void junitXmlUnderAFileOrOnAFolderIsAUsageErrorBeforeAnyRequest(@TempDir Path dir)
      throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
    try (StubServer broker = YesBroker.start()) {
      assertThat(run("--url", broker.url().toString(), "--junit-xml",
          file.resolve("osb.xml").toString())).isEqualTo(ConformanceCli.USAGE);
      assertThat(run("--url", broker.url().toString(), "--junit-xml", dir.toString()))
          .isEqualTo(ConformanceCli.USAGE);

      assertThat(broker.seen).isEmpty();
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a folder")
        .contains("is a folder, not a file");
  }

  @Test
  void reportThatCannotBeWrittenExitsWith5WhenNoCheckFailed() throws Exception {
    // /proc takes no new folders, not even from root: the report fails only when it is written
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
        Path.of("/proc/self")), "needs Linux /proc");
    String all = Arrays.stream(Rule.values()).map(Rule::id).collect(Collectors.joining(","));
    try (StubServer broker = YesBroker.start()) {
      int code = run("--url", broker.url().toString(), "--skip", all, "--junit-xml",
          "/proc/osb-kit-reports/osb.xml");

      assertThat(code).isEqualTo(ConformanceCli.REPORT_NOT_WRITTEN);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot write the JUnit XML report /proc/osb-kit-reports/osb.xml");
    List<String> lines = outLines();
    assertThat(lines.get(lines.size() - 1)).matches("0 passed, 0 failed, [1-9]\\d* skipped");
  }
}
