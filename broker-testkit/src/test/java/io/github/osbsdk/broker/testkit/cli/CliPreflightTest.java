package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CLI stops before any check, with one line and its own exit code, when a broker URL or the
 * IAM URL cannot be reached or a broker answers something other than an OSB catalog.
 */
class CliPreflightTest {
  private final CliRun cli = new CliRun();

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
      int code = cli.run("--url", broker.url() + "/wrong/base", "--username", "u", "--password",
          "p");

      assertThat(code).isEqualTo(ConformanceCli.NO_CATALOG);
      assertThat(broker.seen).hasSize(1);
    }
    assertThat(cli.err()).contains("/wrong/base/v2/catalog")
        .contains(why).contains("nothing else was run");
    assertThat(cli.err().contains("base URL"))
        .as("a hint at the base URL, but not for a 412").isEqualTo(status != 412);
    assertThat(cli.out()).contains("0 passed, 0 failed, 0 skipped")
        .doesNotContain("FAIL");
  }

  @Test
  void unreachableBrokerStopsTheRunWithOneLineInsteadOfEveryCheckFailing() throws Exception {
    int code = cli.run("--url", closedPort().toString(), "--username", "u", "--password", "p");

    assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
    assertThat(cli.err()).contains("cannot reach the server")
        .contains("/v2/catalog").contains("ConnectException").contains("nothing else was run");
    assertThat(cli.out()).contains("0 passed, 0 failed, 0 skipped")
        .doesNotContain("FAIL");
  }

  @Test
  void aUrlWithAnUnknownHostSaysSo() {
    // .invalid never resolves (RFC 6761)
    int code = cli.run("--url", "http://osb-broker.invalid", "--username", "u", "--password",
        "p");

    assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
    assertThat(cli.err()).contains("cannot reach the server")
        .contains("http://osb-broker.invalid/v2/catalog").contains("unknown host");
  }

  @Test
  void unreachableSecondReplicaStopsTheRunAndIsNamed() throws Exception {
    URI closed = closedPort();
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url", broker.url().toString(), "--url", closed.toString());

      assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
      assertThat(broker.seen).hasSize(1);
    }
    assertThat(cli.err()).contains(closed + "/v2/catalog");
  }

  @Test
  void unreachableIamStopsTheRunWithUnreachable() throws Exception {
    try (StubServer broker = new StubServer()) {
      int code = cli.run("--url", broker.url().toString(), "--iam-url",
          closedPort().toString(), "--api-key", "key-1");

      assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
      assertThat(broker.seen).isEmpty();
    }
    assertThat(cli.err()).contains("IAM token request")
        .doesNotContain("key-1");
  }

  /** A local URL on which nothing listens. */
  private static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
