package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The set-up of {@link TemporarilyUnavailableStepTest} and {@link TransientStepFailureTest}: a
 * provider whose resumable step {@code create} throws the subclass's {@link #outage()} as long as
 * {@link #outageRuns} lasts, and whose task (plan {@code plan-task}) always throws it.
 */
abstract class StepOutageFixture {
  private static final Catalog PLANS = Catalog.of(ServiceOffering
      .builder(TestServiceBroker.SERVICE, "test-service", "A test service")
      .plan(Plan.builder("plan-step", "step", "A resumable step").build())
      .plan(Plan.builder("plan-step-1s", "step-1s", "A resumable step with a 1 s deadline")
          .maximumPollingDuration(1).build())
      .plan(Plan.builder("plan-task", "task", "A task").build())
      .build());

  /** How often the step throws before it succeeds. */
  final AtomicInteger outageRuns = new AtomicInteger();
  /** The step's runs, by attempt as the SDK numbers it. */
  final List<Integer> attempts = new CopyOnWriteArrayList<>();
  /** When the step ran ({@link System#nanoTime()}), run by run. */
  final List<Long> runTimes = new CopyOnWriteArrayList<>();
  final AtomicInteger taskRuns = new AtomicInteger();
  /** What the step throws, made of the outage, while {@link #outageRuns} lasts. */
  volatile Function<RuntimeException, RuntimeException> thrown = e -> e;

  final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public Catalog catalog() {
      return PLANS;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (request.planId().equals("plan-task")) {
        return ProvisionResult.accepted(AsyncWork.task(() -> {
          taskRuns.incrementAndGet();
          throw outage();
        }));
      }
      return ProvisionResult.accepted(AsyncWork.step("create", Map.of("size", 3)));
    }
  };

  /**
   * What the provider's backend throws when it cannot be reached just now.
   *
   * @return a new exception
   */
  abstract RuntimeException outage();

  /** The step: it records its attempt, and throws while the outage lasts. */
  void create(StepContext ctx) {
    attempts.add(ctx.attempt());
    runTimes.add(System.nanoTime());
    if (outageRuns.getAndDecrement() > 0) {
      throw thrown.apply(outage());
    }
  }

  /** A server whose broker runs {@link #create} on 1-second leases (retries come quickly). */
  TestServer server() {
    return new TestServer(builder(provider).lease(Duration.ofSeconds(1))
        .step("create", this::create).build());
  }

  /** Provisions asynchronously (202) and polls until the operation ends; returns the last poll. */
  static Reply provisionAndPoll(TestServer s, String id, String plan) {
    Reply accepted = provision(s, id, plan, "{}", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return poll(s, id, accepted.json().get("operation").asText());
  }
}
