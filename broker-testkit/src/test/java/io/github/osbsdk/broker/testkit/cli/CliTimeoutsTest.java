package io.github.osbsdk.broker.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.fake.BrokerOperation;
import io.github.osbsdk.broker.testkit.fake.FakeServiceBroker;
import io.github.osbsdk.broker.testkit.fake.SampleCatalog;
import io.github.osbsdk.broker.testkit.internal.run.InProcessServer;
import io.github.osbsdk.broker.testkit.support.AnswerDroppingProxy;
import io.github.osbsdk.broker.testkit.support.HeldCreates;
import io.github.osbsdk.broker.testkit.support.StubServer;
import io.github.osbsdk.broker.testkit.support.YesBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI's --request-timeout and --async-timeout (and the bounds it shares with the builder):
 * requests that outlast the first fail, and what a request without an answer may still create
 * on the broker is deleted all the same.
 */
class CliTimeoutsTest {
  private final CliRun cli = new CliRun();

  @Test
  void requestTimeoutFlagBoundsEveryRequest() throws Exception {
    assertThat(CliOptions.parse(new String[] {"--url", "http://a:1"}, Map.of())
        .requestTimeoutSeconds).isEqualTo(10);
    // before: the stub answered after 3 s and the run had to end within 2.5 s, little room on
    // a loaded machine. Now the stub answers only when the run ended (30 s at most), so the
    // 1 s flag must end it: 8 s leaves room and stays under the 10 s default, which a run that
    // ignored the flag would take at least.
    CountDownLatch runEnded = new CountDownLatch(1);
    try (StubServer broker = new StubServer()) {
      broker.handler = seen -> {
        try {
          runEnded.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new StubServer.Reply(200, YesBroker.CATALOG, broker.headers);
      };
      try {
        long start = System.nanoTime();
        int code = cli.run("--url", broker.url().toString(), "--request-timeout", "1");

        assertThat(code).isEqualTo(ConformanceCli.UNREACHABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(
            Duration.ofSeconds(8));
      } finally {
        runEnded.countDown();
      }
    }
    assertThat(cli.err()).contains("cannot reach the server")
        .contains("HttpTimeoutException");
  }

  @Test
  void aBindThatOutlastsTheRequestTimeoutLeavesNoInstanceBehind() throws Exception {
    outlastingTheRequestTimeoutFailsAndLeavesNoInstanceBehind(BrokerOperation.BIND,
        "bind.created");
  }

  @Test
  void aProvisionThatOutlastsTheRequestTimeoutLeavesNoInstanceBehind() throws Exception {
    outlastingTheRequestTimeoutFailsAndLeavesNoInstanceBehind(BrokerOperation.PROVISION,
        "provision.created");
  }

  @Test
  void aBindThatOutlastsTheRequestTimeoutIsUnbound() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    LostCreates run = runLosingEachCreatesAnswer(fake, BrokerOperation.BIND, "bind.created");

    assertThat(run.code()).isEqualTo(ConformanceCli.FAILED);
    assertThat(run.deletesWhileHeld()).as("unbinds that met their bind at work").isNotEmpty()
        .allSatisfy(status -> assertThat(status).startsWith("HTTP/1.1 422"));
    Set<String> bound = fake.requests(BindRequest.class).stream()
        .map(r -> r.instanceId() + "/" + r.bindingId()).collect(Collectors.toSet());
    Set<String> unbound = fake.requests(UnbindRequest.class).stream()
        .map(r -> r.instanceId() + "/" + r.bindingId()).collect(Collectors.toSet());
    assertThat(bound).isNotEmpty();
    assertThat(unbound).as("bindings unbound").containsAll(bound);
  }

  /**
   * The broker accepts every provision (202; the operation runs for 2 s), but the proxy in front
   * of it drops each 202 as a timed-out request would lose it, so the kit knows of no operation:
   * its delete meets the provision still at work, and it must wait for that to end and delete
   * then. The answers are lost for certain, not by a short request timeout racing the broker's
   * work, which on a loaded machine also made other requests time out.
   */
  @Test
  void anAsyncProvisionWhose202IsLostIsDeletedOnceItHasEnded() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .asyncPlan(SampleCatalog.SYNC_PLAN_ID).asyncPlan(SampleCatalog.UNBINDABLE_PLAN_ID)
        .asyncDuration(Duration.ofSeconds(2)).build();
    try (InProcessServer server = InProcessServer.start(Broker.builder(fake)
        .authenticator(BasicAuthenticator.of("u", "p")).retryAfter(Duration.ofMillis(200))
        .build());
        AnswerDroppingProxy proxy = AnswerDroppingProxy.droppingAnswers(server.baseUrl(),
            line -> line.startsWith("PUT /v2/service_instances/")
                && !line.contains("/service_bindings/"))) {
      int code = cli.run("--url", proxy.url().toString(), "--username", "u", "--password", "p",
          "--skip", CliRun.allRulesBut("provision.created"));

      assertThat(code).isEqualTo(ConformanceCli.FAILED);
      assertThat(proxy.droppedAnswers()).as("provision answers lost").isNotEmpty()
          .allSatisfy(status -> assertThat(status).startsWith("HTTP/1.1 202"));
      assertThat(fake.requests(DeprovisionRequest.class)).as("deprovisions").isNotEmpty();
      assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "86401", "99999999999", "1e3"})
  void anAsyncTimeoutFlagOutOfRangeIsAUsageErrorBeforeAnyRequest(String seconds)
      throws Exception {
    try (StubServer broker = YesBroker.start()) {
      int code = cli.run("--url", broker.url().toString(), "--async-timeout", seconds);

      assertThat(code).isEqualTo(ConformanceCli.USAGE);
      assertThat(broker.seen).isEmpty();
    }
    assertThat(cli.err())
        .contains("--async-timeout must be a number of seconds from 1 to 86400 (24 hours): "
            + seconds);
  }

  @Test
  void theFlagsTakeExactlyTheBuildersRanges() throws Exception {
    String maxRequest = String.valueOf(ConformanceSuite.Builder.MAX_REQUEST_TIMEOUT.toSeconds());
    String maxAsync = String.valueOf(ConformanceSuite.Builder.MAX_ASYNC_TIMEOUT.toSeconds());
    String maxThreads = String.valueOf(ConformanceSuite.Builder.MAX_PARALLELISM);
    CliOptions o = CliOptions.parse(new String[] {"--url", "http://a:1", "--request-timeout",
        maxRequest, "--async-timeout", maxAsync, "--parallelism", maxThreads}, Map.of());

    assertThat(o.requestTimeoutSeconds).isEqualTo(Integer.parseInt(maxRequest));
    assertThat(o.asyncTimeoutSeconds).isEqualTo(Integer.parseInt(maxAsync));
    assertThat(o.parallelism).isEqualTo(Integer.parseInt(maxThreads));
    for (String[] tooLarge : List.of(new String[] {"--request-timeout", maxRequest},
        new String[] {"--async-timeout", maxAsync}, new String[] {"--parallelism", maxThreads})) {
      String next = String.valueOf(Long.parseLong(tooLarge[1]) + 1);
      assertThatThrownBy(() -> CliOptions.parse(new String[] {"--url", "http://a:1",
          tooLarge[0], next}, Map.of())).isInstanceOf(CliOptions.UsageException.class)
          .hasMessageContaining(tooLarge[0] + " must be").hasMessageContaining("from 1 to "
              + tooLarge[1]);
    }
  }

  /**
   * Runs only the rule's checks, losing the answer of each of its creates: the rule fails, the
   * kit's delete of each meets it at work, and once the creates have ended no instance is left.
   */
  private void outlastingTheRequestTimeoutFailsAndLeavesNoInstanceBehind(BrokerOperation lost,
      String ruleId) throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    LostCreates run = runLosingEachCreatesAnswer(fake, lost, ruleId);

    assertThat(run.code()).isEqualTo(ConformanceCli.FAILED);
    assertThat(cli.out()).contains("FAIL  " + ruleId);
    assertThat(run.deletesWhileHeld()).as("deletes that met their create at work").isNotEmpty()
        .allSatisfy(status -> assertThat(status).startsWith("HTTP/1.1 422"));
    assertThat(fake.instanceIds()).as("instances left on the broker").isEmpty();
  }

  /**
   * Runs only the rule's checks as u:p against the fake, as when each of its {@code lost} creates
   * outlasts the request timeout, without a clock: a proxy closes the kit's connection once the
   * broker is at the create's provider call, and the broker ends that call only once the kit's
   * delete of the same instance or binding has been answered (422: the create is at work).
   * Every other request is answered in the default 10 s request timeout, however loaded the
   * machine. Returns once the run and every create have ended.
   */
  private LostCreates runLosingEachCreatesAnswer(FakeServiceBroker fake, BrokerOperation lost,
      String ruleId) throws Exception {
    HeldCreates held = new HeldCreates(fake, lost);
    try (InProcessServer server = InProcessServer.start(Broker.builder(held)
        .authenticator(BasicAuthenticator.of("u", "p")).build());
        AnswerDroppingProxy proxy = AnswerDroppingProxy.closingAfterRequests(server.baseUrl(),
            held::holds, held::awaitHeld)) {
      proxy.onAnswer(held::answered);
      int code = cli.run("--url", proxy.url().toString(), "--username", "u", "--password", "p",
          "--skip", CliRun.allRulesBut(ruleId));

      held.releaseAll(); // the creates no delete came for (none, unless the cleanup is broken)
      assertThat(held.awaitNoneRunning(HeldCreates.MAX_HOLD)).as("creates ended").isTrue();
      return new LostCreates(code, held.deletesWhileHeld());
    }
  }

  /**
   * A run whose creates' answers were lost.
   *
   * @param code the CLI's exit code
   * @param deletesWhileHeld the status lines of the deletes that met a create at work
   */
  private record LostCreates(int code, List<String> deletesWhileHeld) {}
}
