package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A provider with one resumable step that a test holds and releases: a provision on
 * {@link #PLAN} is accepted with the step {@link #STEP}, which counts {@link #started()} down and
 * waits until {@link #release()} (a minute at most, then it fails). Register it with
 * {@code builder.step(HeldStepProvider.STEP, provider.held(...))}; what the step does first and
 * when its wait is interrupted (a close, a lost lease) is the test's.
 */
class HeldStepProvider extends TestServiceBroker {
  /** The plan whose provisions run the step. */
  static final String PLAN = "plan-step";
  /** The step's name. */
  static final String STEP = "create";
  private static final Catalog PLANS = Catalog.of(ServiceOffering
      .builder(TestServiceBroker.SERVICE, "test-service", "A test service")
      .plan(Plan.builder(PLAN, "step", "A resumable step").build())
      .build());

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** What a held step does when its wait for the release is interrupted. */
  @FunctionalInterface
  interface InterruptAnswer {
    /**
     * Answers the interrupt: throws what the step throws, or returns to end the step.
     *
     * @param e the interrupt
     * @throws Exception what the step throws
     */
    void interrupted(InterruptedException e) throws Exception;
  }

  @Override
  public Catalog catalog() {
    return PLANS;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    return ProvisionResult.accepted(AsyncWork.step(STEP, Map.of()));
  }

  /** The held step, which throws an interrupt of its wait on. */
  ResumableStep held() {
    return held(ctx -> { }, e -> {
      throw e;
    });
  }

  /**
   * The held step.
   *
   * @param first what it does before it counts {@link #started()} down
   * @param onInterrupt what it does when its wait for the release is interrupted
   * @return the step
   */
  ResumableStep held(ResumableStep first, InterruptAnswer onInterrupt) {
    return ctx -> {
      first.run(ctx);
      started.countDown();
      boolean released;
      try {
        released = release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        onInterrupt.interrupted(e);
        return;
      }
      if (!released) {
        throw new IllegalStateException("the held step was not released within a minute");
      }
    };
  }

  /** Counted down when the step has started (and done what it does first). */
  CountDownLatch started() {
    return started;
  }

  /** Releases the step (and any later run of it). */
  void release() {
    release.countDown();
  }
}
