package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Assembles hello-kv for any JAX-RS container: the provider's {@link HelloServiceBroker} wrapped
 * in an SDK {@link Broker}, plus the sample's own data and dashboard resources.
 */
public final class HelloBroker {
  private HelloBroker() {}

  /**
   * Builds the broker. Mount {@code broker.application()} (RESTEasy, any container deploying an
   * {@code Application}) or {@code broker.singletons()} (Jersey's {@code registerInstances}).
   *
   * @param config the configuration
   * @param store the store behind the broker and the data endpoint
   * @param publicUrl the externally visible base URL, asked on every provision and bind
   * @return the broker, catalog validated
   */
  public static Broker broker(HelloConfig config, KeyValueStore store,
      Supplier<String> publicUrl) {
    Objects.requireNonNull(config, "config == null");
    return Broker.builder(new HelloServiceBroker(store, publicUrl, config.asyncDelay()))
        .authenticator(authenticator(config))
        .register(new DataResource(store))
        .register(new DashboardResource())
        .build();
  }

  /**
   * Chooses how platform calls ({@code /v2/**}, {@code /bluemix_v1/**}) are authenticated, from
   * {@code BROKER_AUTH}. The one place to add a scheme (e.g. {@code iam} with broker-iam's
   * {@code IamAuthenticator}).
   *
   * @param config the configuration
   * @return the authenticator
   * @throws IllegalArgumentException for an unknown scheme
   */
  static Authenticator authenticator(HelloConfig config) {
    switch (config.auth()) {
      case "basic":
        return BasicAuthenticator.of(config.username(), config.password());
      default:
        throw new IllegalArgumentException("BROKER_AUTH must be 'basic', not '" + config.auth()
            + "'");
    }
  }
}
