package io.github.osbsdk.broker.testkit.support;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.ImmediateInstancesProvider;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import java.time.Duration;
import java.util.Map;

/**
 * A provider for suite runs about a catalog: broker-core's {@link ImmediateInstancesProvider}
 * (it answers the catalog, provisions at once, 201, and deprovisions at once, 200) that also
 * binds at once with a token (201) and unbinds (200), whatever the SDK lets through; updates
 * keep the SDK's default (422, not supported). {@link #suite} runs the conformance suite
 * against it, built on broker-core and mounted in process over HTTP.
 */
public final class ImmediateProvider extends ImmediateInstancesProvider {
  /** The basic auth user of the broker {@link #suite} builds. */
  public static final String USER = "broker";
  /** Its password. */
  public static final String PASSWORD = "s3cret";

  /**
   * Serves this catalog.
   *
   * @param catalog the catalog, answered as it is on every call
   */
  public ImmediateProvider(Catalog catalog) {
    super(catalog);
  }

  /**
   * A suite against a broker around a provider serving {@code catalog}: basic auth, polls at
   * most 100 ms apart; add what the test declares ({@code capabilities}), then build and run.
   *
   * @param catalog the catalog
   * @return the suite's builder, the broker mounted in process (the run closes it)
   */
  public static ConformanceSuite.Builder suite(Catalog catalog) {
    Broker broker = Broker.builder(new ImmediateProvider(catalog))
        .authenticator(BasicAuthenticator.of(USER, PASSWORD)).build();
    return ConformanceSuite.builder().inProcess(broker)
        .basicAuth(USER, PASSWORD)
        .maxPollInterval(Duration.ofMillis(100));
  }

  @Override
  public BindResult bind(BindRequest request) {
    return BindResult.bound(Map.of("token", "t0k3n"));
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    return UnbindResult.unbound();
  }
}
