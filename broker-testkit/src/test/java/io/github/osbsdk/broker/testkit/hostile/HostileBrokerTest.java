package io.github.osbsdk.broker.testkit.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.osbsdk.broker.testkit.CheckResult;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.SuiteResult;
import io.github.osbsdk.broker.testkit.cli.ConformanceCli;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit against hostile brokers: it must not hang, run out of memory, write an unreadable
 * JUnit XML report or print secrets, whatever the broker answers.
 */
class HostileBrokerTest {
  /** Generous: only there to turn a hang into a failure. */
  private static final Duration HANG = Duration.ofSeconds(60);
  private static final String SECRET = "hunter2-sekrit";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int cli(String... args) {
    return ConformanceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aBrokerThatSendsHeadersThenStallsTheBodyTimesOutInsteadOfHanging() throws Exception {
    try (RawServer broker = new RawServer(o -> {
      write(o, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n{\"services\":");
      sleepQuietly(HANG.multipliedBy(2));
    })) {
      OsbClient osb = OsbClient.builder(broker.url()).timeout(Duration.ofSeconds(1)).build();

      assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(osb::catalog)
          .isInstanceOf(UncheckedIOException.class).hasMessageContaining("/v2/catalog"));
    }
  }

  @Test
  void aBrokerThatStallsTheCatalogBodyEndsTheCliWithUnreachable() throws Exception {
    try (RawServer broker = new RawServer(o -> {
      write(o, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n{\"services\":");
      sleepQuietly(HANG.multipliedBy(2));
    })) {
      // the stalled body must end at the request timeout: a 1 s one rather than the 10 s
      // default (CliTimeoutsTest checks that the flag bounds every request)
      int code = assertTimeoutPreemptively(HANG, () -> cli("--url", broker.url().toString(),
          "--request-timeout", "1"));

      assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the server");
    }
  }

  @Test
  void anEndlessCatalogBodyIsCutAndReportedAsAFailedCheck() throws Exception {
    byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    try (RawServer broker = new RawServer(o -> {
      write(o, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      while (true) {
        o.write(chunk);
      }
    })) {
      int code = assertTimeoutPreemptively(HANG, () -> cli("--url", broker.url().toString(),
          "--parallelism", "2"));

      assertThat(code).isEqualTo(ConformanceCli.FAILED);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL  catalog.status")
          .contains("larger than");
    }
  }

  @Test
  void controlCharactersAndLoneSurrogatesFromTheBrokerStillMakeAValidJunitXml(
      @TempDir Path dir) throws Exception {
    Path xml = dir.resolve("report.xml");
    try (StubServer broker = YesBroker.start()) {
      broker.handler = seen -> seen.rawPath().endsWith("/last_operation")
          ? new StubServer.Reply(200, "{\"state\":\"failed\",\"description\":"
              + "\"lone \\ud800, U+FFFF \uffff, NUL \\u0000, BEL \u0007\"}",
              Map.of("Content-Type", "application/json"))
          : seen.method().equals("PUT")
              ? new StubServer.Reply(202, "{\"operation\":\"op\"}",
                  Map.of("Content-Type", "application/json"))
              : new StubServer.Reply(200, "{}", Map.of("Content-Type", "application/json"));

      int code = cli("--url", broker.url().toString(), "--junit-xml", xml.toString());

      assertThat(code).isEqualTo(ConformanceCli.FAILED);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("cannot write");
    assertThat(xml).exists();
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    assertThat(Files.readString(xml, StandardCharsets.UTF_8)).contains("lone");
  }

  @Test
  void terminalControlSequencesFromTheBrokerArePrintedEscaped() throws Exception {
    // ESC [2J clears the screen, ESC ]0; sets the window title, U+202E turns text around
    String hostile = "\\u001b[2J\\u001b]0;owned\\u0007 \\u202eliaf \\u009b";
    try (StubServer broker = YesBroker.start()) {
      broker.handler = seen -> seen.rawPath().endsWith("/last_operation")
          ? new StubServer.Reply(200, "{\"state\":\"failed\",\"description\":\"" + hostile
              + "\"}", Map.of("Content-Type", "application/json"))
          : seen.method().equals("PUT")
              ? new StubServer.Reply(202, "{\"operation\":\"op\"}",
                  Map.of("Content-Type", "application/json"))
              : new StubServer.Reply(200, "{}", Map.of("Content-Type", "application/json"));

      int code = cli("--url", broker.url().toString(), "--verbose");

      assertThat(code).isEqualTo(ConformanceCli.FAILED);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("\\u001b[2J").contains("\\u202eliaf");
    assertThat(printed.chars().filter(c -> (c < 0x20 && c != '\n' && c != '\t')
        || (c >= 0x7f && c <= 0x9f) || c == 0x202e)).isEmpty();
  }

  @Test
  void credentialsThatAreNotAJsonObjectAreStillMaskedInTheReport() throws Exception {
    try (StubServer broker = new StubServer()) {
      OsbClient osb = OsbClient.builder(broker.url()).build();
      for (String body : List.of(
          "{\"credentials\":\"postgres://admin:" + SECRET + "@db:5432/app\"}",
          "{\"credentials\":[\"" + SECRET + "\"]}",
          "{\"credentials\":{\"uri\":\"postgres://admin:" + SECRET + "@db\"}",
          "{\"binding\":{\"credentials\":{\"password\":\"" + SECRET + "\"}}}")) {
        broker.status = 201;
        broker.body = body;

        OsbResponse<?> r = osb.bind("i-1", "b-1", Map.of(), true);

        assertThat(r.describe()).as(body).doesNotContain(SECRET);
      }
    }
  }

  @Test
  void replicasAnsweringDifferentBindingsDoNotPrintTheCredentials() throws Exception {
    try (StubServer a = replica("A"); StubServer b = replica("B")) {
      String[] others = Arrays.stream(Rule.values()).map(Rule::id)
          .filter(id -> !id.equals("replicas.binding")).toArray(String[]::new);

      SuiteResult result = assertTimeoutPreemptively(HANG, () -> ConformanceSuite.builder()
          .urls(List.of(a.url(), b.url())).basicAuth("u", "p").skip(others)
          .maxPollInterval(Duration.ofMillis(50)).build().run());

      CheckResult binding = result.results().stream()
          .filter(r -> r.ruleId().equals("replicas.binding")).findFirst().orElseThrow();
      assertThat(binding.isFailed()).as(result::report).isTrue();
      assertThat(binding.message()).contains("answers differently");
      assertThat(binding.message() + binding.describe()).doesNotContain(SECRET);
    }
  }

  @Test
  void errorBodyRulesAreNotPassedByABrokerThatNeverAnswersAnError() throws Exception {
    try (StubServer broker = YesBroker.start()) {
      SuiteResult result = ConformanceSuite.builder().url(broker.url())
          .skip(Arrays.stream(Rule.values()).map(Rule::id)
              .filter(id -> !id.startsWith("error-body.")).toArray(String[]::new))
          .build().run();

      assertThat(result.results()).filteredOn(r -> r.ruleId().startsWith("error-body."))
          .isNotEmpty().noneMatch(CheckResult::isPassed);
    }
  }

  /** A replica of a broker whose replicas each hand out their own credentials. */
  private static StubServer replica(String name) throws IOException {
    StubServer s = YesBroker.start();
    s.handler = seen -> {
      boolean binding = seen.rawPath().contains("/service_bindings/")
          && !seen.rawPath().endsWith("/last_operation");
      String body = binding && !seen.method().equals("DELETE")
          ? "{\"credentials\":{\"password\":\"" + SECRET + "-" + name + "\"}}" : "{}";
      int status = seen.method().equals("PUT") ? 201 : 200;
      return new StubServer.Reply(status, body, Map.of("Content-Type", "application/json"));
    };
    return s;
  }

  private static void write(OutputStream o, String s) throws IOException {
    o.write(s.getBytes(StandardCharsets.US_ASCII));
    o.flush();
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a raw server does with one connection, after reading the request head. */
  @FunctionalInterface
  private interface Answer {
    void answer(OutputStream out) throws IOException;
  }

  /** A socket server that answers every connection as told, byte by byte. */
  private static final class RawServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;

    RawServer(Answer answer) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket s = socket.accept();
            Thread t = new Thread(() -> serve(s, answer), "raw-broker-conn");
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return;
          }
        }
      }, "raw-broker");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    private static void serve(Socket s, Answer answer) {
      try (s) {
        InputStream in = s.getInputStream();
        int matched = 0;
        while (matched < 4) {
          int c = in.read();
          if (c < 0) {
            return;
          }
          matched = (c == '\r' || c == '\n') && (matched % 2 == 0) == (c == '\r')
              ? matched + 1 : c == '\r' ? 1 : 0;
        }
        answer.answer(s.getOutputStream());
      } catch (IOException e) {
        // the client hung up
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
