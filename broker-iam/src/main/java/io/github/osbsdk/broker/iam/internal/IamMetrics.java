package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.core.internal.metrics.MeterRegistries;

/**
 * What broker-iam measures. Every method does nothing by default ({@link #NONE}); the Micrometer
 * implementation ({@link MicrometerIamMetrics}) is loaded only through {@link #of(Object)}, so
 * this type loads without Micrometer on the class path.
 */
public interface IamMetrics {
  /** Measures nothing. */
  IamMetrics NONE = new IamMetrics() { };

  /**
   * The metrics on a Micrometer registry.
   *
   * @param meterRegistry a {@code io.micrometer.core.instrument.MeterRegistry}
   * @return the metrics
   * @throws IllegalArgumentException when Micrometer is missing or it is not a registry
   */
  static IamMetrics of(Object meterRegistry) {
    return MicrometerIamMetrics.create(MeterRegistries.require(meterRegistry));
  }

  /**
   * A platform call's token was accepted.
   *
   * @param cached true when the verified-token cache answered, false after a full verification
   */
  default void tokenAccepted(boolean cached) {
  }

  /**
   * A platform call was refused.
   *
   * @param reason the reason ({@link RefusalReasons})
   */
  default void tokenRefused(String reason) {
  }

  /**
   * IAM's key set was fetched.
   *
   * @param success whether IAM answered with a key set
   */
  default void keyFetch(boolean success) {
  }

  /**
   * An authorization decision was given.
   *
   * @param permitted the decision
   * @param cached true when the decision cache answered
   */
  default void authzDecision(boolean permitted, boolean cached) {
  }

  /**
   * A call to IAM's {@code /v2/authz} ended.
   *
   * @param ok whether IAM answered with decisions (false: denied by failing closed)
   * @param nanos how long it took
   */
  default void authzRequest(boolean ok, long nanos) {
  }
}
