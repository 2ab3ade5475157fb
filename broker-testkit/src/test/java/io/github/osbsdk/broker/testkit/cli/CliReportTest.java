package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * What a run prints and writes, and the exit code it ends with: one line per check, the summary,
 * skipped and not-applicable checks, the JUnit XML report.
 */
class CliReportTest {
  private final CliRun cli = new CliRun();

  @Test
  void brokenBrokerExitsWith1PrintsOneLinePerCheckAndEndsWithTheSummary(@TempDir Path dir)
      throws Exception {
    Path xml = dir.resolve("reports/osb.xml");
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url", broker.url().toString(), "--username", "u", "--password", "p",
          "--api-version", "2.14", "--junit-xml", xml.toString());

      assertThat(code).isEqualTo(1);
      assertThat(broker.seen).allSatisfy(s ->
          assertThat(s.headers().get("X-broker-api-version")).isNotEqualTo(List.of("2.17")));
    }
    List<String> lines = cli.outLines();
    String last = lines.get(lines.size() - 1);
    assertThat(last).matches("\\d+ passed, [1-9]\\d* failed, \\d+ skipped");
    assertThat(lines).anyMatch(l -> l.startsWith("FAIL  version.missing"));
    assertThat(lines).anyMatch(l -> l.startsWith("rule group"));
    assertThat(lines).anyMatch(l -> l.matches("total\\s+\\d+\\s+\\d+\\s+\\d+"));
    assertThat(cli.out()).contains("Failures:")
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
    String all = CliRun.allRules();
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url", broker.url().toString(), "--skip", all);

      assertThat(code).isZero();
    }
    List<String> lines = cli.outLines();
    assertThat(lines.get(lines.size() - 1)).matches("0 passed, 0 failed, [1-9]\\d* skipped");
    assertThat(lines).filteredOn(l -> l.startsWith("SKIP  ")).isNotEmpty()
        .allMatch(l -> l.contains("skipped on request"));
  }

  @Test
  void skipTakesCheckNamesAndSeveralValues() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      cli.run("--url", broker.url().toString(), "--skip", "version.missing",
          "provision.created[alpha/small]", "--no-bluemix");
    }
    List<String> lines = cli.outLines();
    assertThat(lines).anyMatch(l -> l.startsWith("SKIP  version.missing ")
        && l.contains("skipped on request"));
    assertThat(lines).anyMatch(l -> l.startsWith("SKIP  provision.created[alpha/small]")
        && l.contains("skipped on request"));
    assertThat(lines).anyMatch(l -> l.startsWith("FAIL  provision.created[alpha/large]"));
    assertThat(lines).anyMatch(l -> l.startsWith("SKIP  bluemix.state")
        && l.contains("switched off"));
  }

  @Test
  void notApplicableChecksOfACliRunNameTheFlagsNotTheJavaApi() throws Exception {
    List<String> tried = List.of("iam.", "replicas.", "bind.requires-app", "concurrency.");
    String others = Arrays.stream(Rule.values()).map(Rule::id)
        .filter(id -> tried.stream().noneMatch(id::startsWith))
        .collect(Collectors.joining(","));
    try (StubServer broker = YesBroker.start()) {
      cli.run("--url", broker.url().toString(), "--skip", others);
    }

    assertThat(cli.outLines()).filteredOn(l -> l.startsWith("SKIP  iam.")).hasSize(3)
        .allSatisfy(l -> assertThat(l).contains("not applicable").contains("--iam-simulator"));
    assertThat(cli.outLines()).anySatisfy(l -> assertThat(l).startsWith("SKIP  replicas.")
        .contains("--url A --url B"));
    assertThat(cli.outLines()).anySatisfy(l -> assertThat(l).startsWith("SKIP  bind.requires-app")
        .contains("--requires-app"));
    assertThat(cli.outLines()).filteredOn(l -> l.startsWith("SKIP")).isNotEmpty()
        .allSatisfy(l -> assertThat(l).doesNotContain("ConformanceSuite.Builder")
            .doesNotContain("Capabilities."));
  }

  @Test
  void reportThatCannotBeWrittenExitsWith5WhenNoCheckFailed() throws Exception {
    // /proc takes no new folders, not even from root: the report fails only when it is written
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
        Path.of("/proc/self")), "needs Linux /proc");
    String all = CliRun.allRules();
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url", broker.url().toString(), "--skip", all, "--junit-xml",
          "/proc/osb-kit-reports/osb.xml");

      assertThat(code).isEqualTo(ConformanceCli.REPORT_NOT_WRITTEN);
    }
    assertThat(cli.err())
        .contains("cannot write the JUnit XML report /proc/osb-kit-reports/osb.xml");
    List<String> lines = cli.outLines();
    assertThat(lines.get(lines.size() - 1)).matches("0 passed, 0 failed, [1-9]\\d* skipped");
  }
}
