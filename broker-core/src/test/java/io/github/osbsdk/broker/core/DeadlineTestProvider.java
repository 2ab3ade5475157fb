package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider of {@link OperationDeadlineTest}; each plan has a {@code maximum_polling_duration}
 * of 3 s. Plan {@code plan-hung}: a task that waits until interrupted, then rethrows, or with
 * parameter {@code "late": true} returns as if it had succeeded; {@code plan-tracked}:
 * provider-tracked, its provider answers "in progress" for ever; {@code plan-step}: the step
 * "create" (registered by the test); {@code plan-ready}: provisioned at once.
 */
class DeadlineTestProvider extends TestServiceBroker {
  static final Catalog PLANS = Catalog.of(ServiceOffering
      .builder(TestServiceBroker.SERVICE, "test-service", "A test service").bindable(true)
      .bindingsRetrievable(true)
      .plan(Plan.builder("plan-hung", "hung", "A task that hangs").maximumPollingDuration(3)
          .build())
      .plan(Plan.builder("plan-tracked", "tracked", "Provider-tracked, in progress for ever")
          .maximumPollingDuration(3).build())
      .plan(Plan.builder("plan-step", "step", "A resumable step").maximumPollingDuration(3)
          .build())
      .plan(Plan.builder("plan-ready", "ready", "Provisioned at once").maximumPollingDuration(3)
          .build())
      .build());

  /**
   * Counted down when the hung task or the step starts: a test moves the clock past the deadline
   * only then, else work that had not started yet would be ended before it ran, not stopped.
   */
  final CountDownLatch workStarted = new CountDownLatch(1);
  final CountDownLatch interrupted = new CountDownLatch(1);
  final AtomicInteger providerPolls = new AtomicInteger();
  /** Set: the provider's last_operation fails (its backend is down, say). */
  final AtomicBoolean pollsFail = new AtomicBoolean();
  /** Set: the provider's last_operation throws an {@link Error} (a bug in the provider). */
  final AtomicBoolean pollsThrowError = new AtomicBoolean();
  final AtomicInteger stepRuns = new AtomicInteger();
  /** Set: the provider answers a deprovision with a step nobody registered (a provider bug). */
  final AtomicBoolean deprovisionWithUnknownStep = new AtomicBoolean();
    @Override
    public Catalog catalog() {
      return PLANS;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return switch (request.planId()) {
        case "plan-tracked" -> ProvisionResult.accepted(AsyncWork.trackedByProvider("p-1"));
        case "plan-step" -> ProvisionResult.accepted(AsyncWork.step("create", Map.of()));
        case "plan-ready" -> ProvisionResult.created();
        default -> ProvisionResult.accepted(AsyncWork.task(() -> {
          try {
            workStarted.countDown();
            new CountDownLatch(1).await(); // a call that never answers
          } catch (InterruptedException e) {
            interrupted.countDown();
            if (!Boolean.TRUE.equals(request.parameters().get("late"))) {
              throw e;
            }
          }
        }));
      };
    }

    @Override
    public LastOperation lastOperation(LastOperationRequest request) {
      providerPolls.incrementAndGet();
      if (pollsFail.get()) {
        throw new ServiceBrokerException(503, null, "The backend is down.");
      }
      if (pollsThrowError.get()) {
        throw new AssertionError("a bug in the provider");
      }
      return LastOperation.inProgress("still working");
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      if (deprovisionWithUnknownStep.getAndSet(false)) {
        return UnbindResult.accepted(AsyncWork.step("not-registered", Map.of()));
      }
      return super.unbind(request);
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      if (deprovisionWithUnknownStep.getAndSet(false)) {
        return DeprovisionResult.accepted(AsyncWork.step("not-registered", Map.of()));
      }
      return DeprovisionResult.deleted();
    }
  }
