package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A resumable step that catches the {@link StoreUnavailableException} of its own storage and
 * rethrows it wrapped (as the cause of the exception it throws) runs again later as if it had
 * thrown it as such; a {@link ServiceBrokerException} is the provider's answer, a 503 too, and
 * fails the operation, as does a chain of causes without an outage in reach.
 */
class WrappedStorageOutageStepTest {
  /** How often the step throws before it succeeds. */
  private final AtomicInteger outageRuns = new AtomicInteger();
  /** The step's runs, by attempt as the SDK numbers it. */
  private final List<Integer> attempts = new CopyOnWriteArrayList<>();
  /** What the step throws while {@link #outageRuns} lasts. */
  private volatile Function<StoreUnavailableException, Exception> thrown;

  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.accepted(AsyncWork.step("create", Map.of("size", 3)));
    }
  };

  private void create(StepContext ctx) throws Exception {
    attempts.add(ctx.attempt());
    if (outageRuns.getAndDecrement() > 0) {
      throw thrown.apply(new StoreUnavailableException("the provider's database is down", null));
    }
  }

  /** Provisions with the step and polls until the operation is no longer in progress. */
  private Reply provisionAndPoll(TestServer s, String id) {
    Reply accepted = provision(s, id, "plan-sync", "{}", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return poll(s, id, accepted.json().get("operation").asText());
  }

  private TestServer server() {
    return new TestServer(builder(provider).lease(Duration.ofSeconds(1))
        .step("create", this::create).build());
  }

  static Stream<Named<Function<StoreUnavailableException, Exception>>> wrappers() {
    return Stream.of(
        Named.of("RuntimeException", RuntimeException::new),
        Named.of("CompletionException", CompletionException::new),
        Named.of("ExecutionException", ExecutionException::new),
        Named.of("UncheckedIOException around an IOException",
            e -> new UncheckedIOException(new IOException(e))),
        Named.of("two wrappers", e -> new CompletionException(new IllegalStateException(e))),
        Named.of("ten wrappers, the most searched", e -> wrapped(e, 10)));
  }

  private static Exception wrapped(Exception e, int times) {
    Exception wrapped = e;
    for (int i = 0; i < times; i++) {
      wrapped = new RuntimeException(wrapped);
    }
    return wrapped;
  }

  @ParameterizedTest
  @MethodSource("wrappers")
  void aStepThatRethrowsItsStorageOutageWrappedRunsAgainUntilItSucceeds(
      Function<StoreUnavailableException, Exception> wrapper) {
    thrown = wrapper;
    outageRuns.set(2);
    try (TestServer s = server()) {
      String id = id();
      Reply done = provisionAndPoll(s, id);
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(attempts).as("runs, by attempt: all on this replica").containsExactly(1, 1, 1);
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void aStep503FromTheProviderFailsTheOperationEvenWithAStorageOutageAsItsCause() {
    thrown = e -> new ServiceBrokerException(503, null, "The region is busy.").withCause(e);
    outageRuns.set(1);
    try (TestServer s = server()) {
      String id = id();
      Reply failed = provisionAndPoll(s, id);
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo("The region is busy.");
      assertThat(attempts).as("runs").containsExactly(1);
      assertThat(s.broker.store().findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
    }
  }

  @Test
  void aStepWhoseFailureWrapsTheProviders503AroundAStorageOutageFailsTheOperation() {
    thrown = e -> new RuntimeException(
        new ServiceBrokerException(503, null, "The region is busy.").withCause(e));
    outageRuns.set(1);
    try (TestServer s = server()) {
      Reply failed = provisionAndPoll(s, id());
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(attempts).as("runs").containsExactly(1);
    }
  }

  @Test
  void aStepWhoseFailureHasCausesThatLoopWithoutAnOutageFailsTheOperation() {
    thrown = e -> {
      RuntimeException outer = new RuntimeException("outer");
      IllegalStateException inner = new IllegalStateException("inner", outer);
      outer.initCause(inner);
      return outer;
    };
    outageRuns.set(1);
    try (TestServer s = server()) {
      Reply failed = provisionAndPoll(s, id());
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.json().get("description").asText()).isEqualTo("The operation failed.");
      assertThat(attempts).as("runs").containsExactly(1);
    }
  }

  @Test
  void aStepWhoseStorageOutageIsBuriedDeeperThanTheSearchGoesFailsTheOperation() {
    thrown = e -> wrapped(e, 11);
    outageRuns.set(1);
    try (TestServer s = server()) {
      Reply failed = provisionAndPoll(s, id());
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(attempts).as("runs").containsExactly(1);
    }
  }
}
