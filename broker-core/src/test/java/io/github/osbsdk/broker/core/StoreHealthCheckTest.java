package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.health.BrokerHealth;
import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthReport;
import io.github.osbsdk.broker.core.health.HealthStatus;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code Broker.storeHealthCheck()} checks the store the broker keeps its registry in, the
 * default one too, without handing the state SPI to the caller.
 */
class StoreHealthCheckTest {
  @Test
  void defaultStoreIsCheckedWithoutTheCallerHoldingIt() {
    try (Broker broker = Broker.builder(new TestServiceBroker()).insecureWithoutAuthentication()
        .build()) {
      ComponentHealth health = broker.storeHealthCheck().check();

      assertThat(health.status()).isEqualTo(HealthStatus.UP);
      assertThat(health.details()).containsEntry("type", "InMemoryBrokerStore");
    }
  }

  @Test
  void givenStoreThatDoesNotAnswerMakesTheBrokerDown() {
    AtomicBoolean down = new AtomicBoolean();
    try (Broker broker = Broker.builder(new TestServiceBroker()).insecureWithoutAuthentication()
        .store(StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
          if (down.get() && method.getName().equals("check")) {
            throw new StoreUnavailableException("connection refused", null);
          }
          return target.proceed(args);
        })).build()) {
      down.set(true);

      HealthReport report = BrokerHealth.builder().component("store", broker.storeHealthCheck())
          .build().check();

      assertThat(report.isUp()).isFalse();
      assertThat(report.httpStatus()).isEqualTo(503);
    }
  }
}
