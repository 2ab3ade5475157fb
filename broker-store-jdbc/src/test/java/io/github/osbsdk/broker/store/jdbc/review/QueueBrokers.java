package io.github.osbsdk.broker.store.jdbc.review;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import java.time.Duration;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/** How the review's tests build the provider's broker and its conformance suite. */
final class QueueBrokers {
  static final String USER = "platform";
  static final String PASSWORD = "review-s3cret";

  private QueueBrokers() {}

  /** The builder every test shares: basic auth, stored credentials, the provider's steps. */
  static Broker.Builder builder(QueueBackend backend) {
    QueueServiceBroker provider = new QueueServiceBroker(backend);
    return provider.steps(Broker.builder(provider))
        .authenticator(BasicAuthenticator.of(USER, PASSWORD))
        .storeCredentials(new SecretKeySpec(new byte[32], "AES"))
        .retryAfter(Duration.ofMillis(100));
  }

  /**
   * The suite: async-only plans declared, polls every 100 ms at most. The run closes the broker.
   */
  static ConformanceSuite suite(Broker broker) {
    return ConformanceSuite.builder().inProcess(broker).basicAuth(USER, PASSWORD)
        .capabilities(Capabilities.builder()
            .asyncOnlyPlans(QueueCatalog.LARGE, QueueCatalog.DEDICATED)
            .provisionParameters(QueueCatalog.SMALL, Map.of("partitions", 2))
            .concurrency(true).build())
        .maxPollInterval(Duration.ofMillis(100)).parallelism(8)
        .build();
  }
}
