package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.fake.BrokerOperation;
import io.github.osbsdk.broker.testkit.fake.FakeServiceBroker;
import io.github.osbsdk.broker.testkit.internal.run.InProcessServer;
import io.github.osbsdk.broker.testkit.support.CallsInFlight;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped while its checks are at work (thread interrupt, SIGTERM as on Ctrl-C) deletes what
 * they created and exits with 130.
 */
class CliInterruptTest {
  private final CliRun cli = new CliRun();

  /** The fake, behind basic auth u/p, binding slowly: checks are at work while a bind runs. */
  private static FakeServiceBroker slowBindingBroker() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.delay(BrokerOperation.BIND, Duration.ofSeconds(2));
    return fake;
  }

  private static InProcessServer serve(CallsInFlight broker) {
    return InProcessServer.start(Broker.builder(broker)
        .authenticator(BasicAuthenticator.of("u", "p")).build());
  }

  /**
   * Waits until the calls the broker was still at when the run ended (the slow bind or
   * provision) have ended, so that what they created is there to be seen.
   */
  private static void awaitTheCallsAtWork(CallsInFlight broker) throws InterruptedException {
    assertThat(broker.awaitNone(Duration.ofSeconds(30))).as("provider calls ended").isTrue();
  }

  /**
   * Runs the {@code bind.created} checks one at a time, so that when the run is stopped one
   * check is at its slow bind, with an instance to delete, and no provision is on its way.
   */
  private static final String[] BIND_CHECKS_ONLY = {"--parallelism", "1", "--skip",
      CliRun.allRulesBut("bind.created")};

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
    CallsInFlight calls = new CallsInFlight(fake);
    AtomicInteger code = new AtomicInteger(-1);
    try (InProcessServer server = serve(calls)) {
      List<String> args = new java.util.ArrayList<>(List.of("--url", server.baseUrl().toString(),
          "--username", "u", "--password", "p"));
      args.addAll(List.of(BIND_CHECKS_ONLY));
      Thread running = new Thread(() -> code.set(cli.run(args.toArray(String[]::new))));
      running.start();
      awaitABind(fake);

      running.interrupt();
      running.join(60_000);

      assertThat(running.isAlive()).isFalse();
      awaitTheCallsAtWork(calls); // the binds the broker was still at have ended
      assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
    }
    assertThat(code.get()).isEqualTo(ConformanceCli.INTERRUPTED);
    assertThat(cli.err()).startsWith("error: interrupted")
        .doesNotContain("Exception");
  }

  @Test
  void anInterruptedRunDeletesTheInstanceOfAProvisionStillOut() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.delay(BrokerOperation.PROVISION, Duration.ofSeconds(2));
    CallsInFlight calls = new CallsInFlight(fake);
    AtomicInteger code = new AtomicInteger(-1);
    try (InProcessServer server = serve(calls)) {
      Thread running = new Thread(() -> code.set(cli.run("--url", server.baseUrl().toString(),
          "--username", "u", "--password", "p", "--parallelism", "1", "--skip",
          CliRun.allRulesBut("provision.created"))));
      running.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (fake.requests(BrokerOperation.PROVISION).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      running.interrupt();
      running.join(60_000);

      assertThat(running.isAlive()).isFalse();
      awaitTheCallsAtWork(calls); // the provision the broker was still at has ended
      assertThat(fake.requests(BrokerOperation.PROVISION)).isNotEmpty();
      assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
    }
    assertThat(code.get()).isEqualTo(ConformanceCli.INTERRUPTED);
  }

  @Test
  void ctrlCOfTheCommandLineDeletesWhatItsRunningChecksCreated(@TempDir Path dir)
      throws Exception {
    FakeServiceBroker fake = slowBindingBroker();
    CallsInFlight calls = new CallsInFlight(fake);
    Path stderr = dir.resolve("stderr.txt");
    try (InProcessServer server = serve(calls)) {
      String javaBin = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-cp",
          System.getProperty("java.class.path"), ConformanceCli.class.getName(), "--url",
          server.baseUrl().toString(), "--username", "u", "--password", "p"));
      command.addAll(List.of(BIND_CHECKS_ONLY));
      Process process = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
      try {
        awaitABind(fake);

        process.destroy(); // SIGTERM: the JVM runs its shutdown hooks as on Ctrl-C (SIGINT)

        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        awaitTheCallsAtWork(calls); // the binds the broker was still at have ended
        assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
      } finally {
        process.destroyForcibly();
      }
    }
    assertThat(java.nio.file.Files.readString(stderr)).contains("error: interrupted")
        .doesNotContain("Exception");
  }
}
