package io.github.osbsdk.broker.testkit.fake;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Builds a {@link FakeServiceBroker}; get one from {@link FakeServiceBroker#builder()}. */
public final class FakeServiceBrokerBuilder {
  private Catalog catalog;
  private final Map<String, AsyncMode> asyncPlans = new LinkedHashMap<>();
  /** The longest duration that counts in nanoseconds. */
  private static final Duration LONGEST_IN_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private Duration asyncDuration = Duration.ofMillis(100);
  private final Faults faults = new Faults();
  private Function<BindRequest, Map<String, Object>> credentials =
      FakeBindings::defaultCredentials;
  private Function<ProvisionRequest, String> dashboardUrl = r -> null;

  FakeServiceBrokerBuilder() {}

  /**
   * Sets the catalog the fake serves. Without one it serves {@link SampleCatalog#catalog()} with
   * {@link SampleCatalog#ASYNC_PLAN_ID} asynchronous ({@link AsyncMode#TASK}) unless configured
   * otherwise.
   *
   * @param catalog the catalog
   * @return this
   */
  public FakeServiceBrokerBuilder catalog(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog == null");
    return this;
  }

  /**
   * Runs the plan asynchronously through an {@link io.github.osbsdk.broker.api.AsyncTask}.
   *
   * @param planId the plan id
   * @return this
   */
  public FakeServiceBrokerBuilder asyncPlan(String planId) {
    return asyncPlan(planId, AsyncMode.TASK);
  }

  /**
   * Runs the plan asynchronously: provision, update and deprovision need
   * {@code accepts_incomplete=true}; binds and unbinds are asynchronous when the platform accepts
   * it and synchronous otherwise.
   *
   * @param planId the plan id
   * @param mode through an {@code AsyncTask} or with operations the fake tracks itself
   * @return this
   */
  public FakeServiceBrokerBuilder asyncPlan(String planId, AsyncMode mode) {
    asyncPlans.put(Objects.requireNonNull(planId, "planId == null"),
        Objects.requireNonNull(mode, "mode == null"));
    return this;
  }

  /**
   * Sets how long asynchronous operations run (default 100 ms).
   *
   * @param duration the duration, zero or more; one too long to count in nanoseconds (about 292
   *     years) runs until {@link FakeServiceBroker#completeAsyncOperations()}
   * @return this
   */
  public FakeServiceBrokerBuilder asyncDuration(Duration duration) {
    Objects.requireNonNull(duration, "duration == null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative");
    }
    this.asyncDuration = duration;
    return this;
  }

  /**
   * Makes every call of the operation throw the exception.
   *
   * @param operation the operation
   * @param error the exception
   * @return this
   */
  public FakeServiceBrokerBuilder failAlways(BrokerOperation operation,
      ServiceBrokerException error) {
    faults.failAlways(Objects.requireNonNull(operation, "operation == null"),
        Objects.requireNonNull(error, "error == null"));
    return this;
  }

  /**
   * Makes the first call of the operation throw the exception; several calls queue up.
   *
   * @param operation the operation
   * @param error the exception
   * @return this
   */
  public FakeServiceBrokerBuilder failOnce(BrokerOperation operation,
      ServiceBrokerException error) {
    faults.failOnce(Objects.requireNonNull(operation, "operation == null"),
        Objects.requireNonNull(error, "error == null"));
    return this;
  }

  /**
   * Delays every call of the operation.
   *
   * @param operation the operation
   * @param delay the delay, zero or more; one too long to count in milliseconds waits until the
   *     calling thread is interrupted
   * @return this
   */
  public FakeServiceBrokerBuilder delay(BrokerOperation operation, Duration delay) {
    Objects.requireNonNull(delay, "delay == null");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    faults.delay(Objects.requireNonNull(operation, "operation == null"), delay);
    return this;
  }

  /**
   * Sets how credentials of a new binding are made (default: {@code uri}, {@code username} and a
   * random {@code password}).
   *
   * @param credentials a function of the bind request
   * @return this
   */
  public FakeServiceBrokerBuilder credentials(
      Function<BindRequest, Map<String, Object>> credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials == null");
    return this;
  }

  /**
   * Sets the dashboard URL of a new instance (default: none).
   *
   * @param dashboardUrl a function of the provision request, may return null
   * @return this
   */
  public FakeServiceBrokerBuilder dashboardUrl(Function<ProvisionRequest, String> dashboardUrl) {
    this.dashboardUrl = Objects.requireNonNull(dashboardUrl, "dashboardUrl == null");
    return this;
  }

  /**
   * Builds the fake provider.
   *
   * @return the fake broker
   */
  public FakeServiceBroker build() {
    Map<String, AsyncMode> plans = new LinkedHashMap<>(asyncPlans);
    Catalog c = catalog;
    if (c == null) {
      c = SampleCatalog.catalog();
      plans.putIfAbsent(SampleCatalog.ASYNC_PLAN_ID, AsyncMode.TASK);
    }
    long asyncNanos = asyncDuration.compareTo(LONGEST_IN_NANOS) > 0 ? Long.MAX_VALUE
        : asyncDuration.toNanos();
    FakeStore store = new FakeStore(plans, asyncNanos, faults, credentials,
        dashboardUrl);
    return new FakeServiceBroker(c, faults, store);
  }
}
