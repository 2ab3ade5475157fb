package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * What the asynchronous work logs at the default level (INFO) while it fails on every
 * operation (the provider's task throws, the store refuses every result): one ERROR with its
 * stack trace per operation type and kind of failure a minute, not one per operation, and a
 * different failure logs at once. The operations still end failed.
 */
class AsyncWorkLoggingTest {
  /** Its async task throws an {@link IOException} for {@code "fail": "async-task-io"}. */
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if ("async-task-io".equals(request.parameters().get("fail"))) {
        return ProvisionResult.accepted(AsyncWork.task(() -> {
          throw new IOException("secret io detail");
        }));
      }
      return super.provision(request);
    }
  };

  private static List<String> errors(StderrCapture log) {
    return lines(log, " ERROR ");
  }

  private static List<String> lines(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains(text)).toList();
  }

  /** Provisions asynchronously {@code times} and waits for each to end as {@code state}. */
  private static void provisions(TestServer s, int times, String params, String state) {
    for (int i = 0; i < times; i++) {
      String id = id();
      Reply accepted = provision(s, id, "plan-async", params, true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      Reply done = poll(s, id, accepted.json().get("operation").asText());
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo(state);
    }
  }

  @Test
  void aTaskFailingOnEveryOperationLogsOneErrorWithItsStackTraceNotOnePerOperation() {
    try (TestServer s = new TestServer(builder(provider).build());
        StderrCapture log = new StderrCapture()) {
      provisions(s, 5, "{\"fail\":\"async-task-crashes\"}", "failed");
      assertThat(lines(log, "failed unexpectedly")).singleElement().asString()
          .contains("ERROR").contains("PROVISION");
      assertThat(lines(log, "java.lang.IllegalStateException: secret crash")).hasSize(1);
    }
  }

  @Test
  void aTaskFailingWithAnotherExceptionClassLogsAtErrorAtOnce() {
    try (TestServer s = new TestServer(builder(provider).build());
        StderrCapture log = new StderrCapture()) {
      provisions(s, 3, "{\"fail\":\"async-task-crashes\"}", "failed");
      provisions(s, 3, "{\"fail\":\"async-task-io\"}", "failed");
      assertThat(lines(log, "failed unexpectedly")).hasSize(2).allMatch(l -> l.contains("ERROR"));
      assertThat(lines(log, "java.io.IOException: secret io detail")).hasSize(1);
    }
  }

  @Test
  void aStoreRefusingEveryResultLogsOneErrorNotOnePerOperation() {
    InMemoryBrokerStore shared = new InMemoryBrokerStore();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && ((Finish) args[0]).keepOperation()
          && ((Finish) args[0]).status() == OperationStatus.SUCCEEDED) {
        throw new IllegalStateException("a bug in the store");
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(provider).store(store).build());
        StderrCapture log = new StderrCapture()) {
      provisions(s, 5, "{}", "failed");
      assertThat(lines(log, "refused the result")).singleElement().asString()
          .contains("ERROR").contains("PROVISION");
      assertThat(lines(log, "java.lang.IllegalStateException: a bug in the store")).hasSize(1);
    }
  }

  @Test
  void anExecutorRefusingTheWorkWarnsOnceAMinuteAsAnOverloadAndStillAnswersBusy() {
    // before: each refusal logged an ERROR, though a full executor is an overload the platform
    // retries after a 503, as it does for an unavailable store (a limited WARN)
    ExecutorService full = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>()) {
      @Override
      public void execute(Runnable command) {
        throw new RejectedExecutionException("full");
      }
    };
    try (TestServer s = new TestServer(builder(provider).executor(full).build());
        StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 3; i++) {
        Reply refused = provision(s, id(), "plan-async", "{}", true);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().get("description").asText())
            .isEqualTo("The service broker is busy; please try again later.");
        assertThat(refused.json().has("error")).isFalse();
        assertThat(refused.header("Retry-After")).isEqualTo("5");
      }
      assertThat(errors(log)).as(String.join("\n", log.lines())).isEmpty();
      assertThat(lines(log, "executor refused")).as(String.join("\n", log.lines()))
          .singleElement().asString().contains(" WARN ")
          .contains("executor refused asynchronous PROVISION operation").contains("full");
    } finally {
      full.shutdownNow();
    }
  }

  @Test
  void unreadableRecordedRequestsOfManyOperationsLogOneErrorNotOnePerOperation() {
    // before: each operation whose payload could not be read at its end logged an ERROR
    BrokerStore store = StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
      if (method.getName().equals("acceptOperation")) {
        StoredOperation op = (StoredOperation) args[0];
        args[0] = op.accepted(op.stepName(), op.stepArguments(), op.externalOperation(),
            "{\"damaged\": ", op.leaseExpiry());
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(provider).store(store).build());
        StderrCapture log = new StderrCapture()) {
      provisions(s, 3, "{}", "failed");
      assertThat(lines(log, "unreadable payload; it is recorded as failed"))
          .as(String.join("\n", log.lines())).singleElement().asString().contains("ERROR");
    }
  }

  @Test
  void anOperationTakenOverBeforeItsAcceptanceWasRecordedLogsOneLineNotAWarningAndAnError() {
    // before: a WARN that another replica took the operation over, then an ERROR for the 500
    // this replica lost its lease when it records the acceptance: another one took it over
    takenOverProvisionAnswers500AndLogsOneWarning("plan-async", true,
        (method, args) -> method.equals("acceptOperation"));
  }

  @Test
  void aSynchronousOperationTakenOverBeforeItsResultWasRecordedLogsOneLineNotAWarningAndAnError() {
    // before: as for an asynchronous one, a WARN about the takeover, then an ERROR for the 500
    // another replica took the operation over and undid it before its result was recorded
    takenOverProvisionAnswers500AndLogsOneWarning("plan-sync", false,
        (method, args) -> method.equals("finishOperation") && !((Finish) args[0]).keepOperation());
  }

  /**
   * Provisions once on a store that answers {@code false} to every call
   * {@code takenOverAt} matches (its method's name and arguments), as when another replica took
   * the operation over: the answer is a generic 500, and the log has one WARN about the takeover
   * and no ERROR.
   */
  private void takenOverProvisionAnswers500AndLogsOneWarning(String plan, boolean async,
      BiPredicate<String, Object[]> takenOverAt) {
    BrokerStore store = StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) ->
        takenOverAt.test(method.getName(), args) ? false : target.proceed(args));
    try (TestServer s = new TestServer(builder(provider).store(store).build());
        StderrCapture log = new StderrCapture()) {
      Reply lost = provision(s, id(), plan, "{}", async);
      assertThat(lost.status()).as(lost.toString()).isEqualTo(500);
      assertThat(lost.json().get("description").asText())
          .startsWith("An internal error occurred in the service broker.");
      assertThat(errors(log)).as(String.join("\n", log.lines())).isEmpty();
      assertThat(lines(log, "was taken over by another replica")).singleElement().asString()
          .contains(" WARN ");
    }
  }

  @Test
  void anUnregisteredStepWritesOneErrorNotTwo() {
    TestServiceBroker unregistered = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("never-registered", Map.of()));
      }
    };
    try (TestServer s = new TestServer(builder(unregistered).build());
        StderrCapture log = new StderrCapture()) {
      Reply bug = provision(s, id(), "plan-async", "{}", true);
      assertThat(bug.status()).as(bug.toString()).isEqualTo(500);
      assertThat(errors(log)).as(String.join("\n", log.lines())).singleElement().asString()
          .contains("implementation error").contains("never-registered");
    }
  }
}
