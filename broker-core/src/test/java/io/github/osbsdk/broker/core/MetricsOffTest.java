package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.internal.metrics.MetricsFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The SDK without Micrometer: this class runs in the surefire execution that removes
 * micrometer-core from the class path (see broker-core's pom), like every test but the
 * {@code *MicrometerTest}s.
 */
@DisabledIfSystemProperty(named = "osb.micrometerOnClassPath", matches = "true")
class MetricsOffTest {

  @Test
  void micrometerIsNotOnThisTestClassPath() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void brokerServesWithoutMicrometerAndRegistersNoMetricsFilter() {
    try (TestServer s = TestServer.start(new TestServiceBroker())) {
      assertThat(s.broker.singletons()).noneMatch(o -> o instanceof MetricsFilter);
      assertThat(s.call("GET", "/v2/catalog").send().status()).isEqualTo(200);
      String id = ProvisionTest.id();
      assertThat(s.call("PUT", "/v2/service_instances/" + id)
          .json(ProvisionTest.body("plan-sync", "{}")).send().status()).isEqualTo(201);
    }
  }

  @Test
  void aMeterRegistryWithoutMicrometerIsRefusedClearly() {
    Broker.Builder b = Broker.builder(new TestServiceBroker())
        .authenticator(BasicAuthenticator.of("u", "p"));
    assertThatThrownBy(() -> b.meterRegistry(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("micrometer-core");
    assertThatThrownBy(() -> b.meterRegistry(null)).isInstanceOf(NullPointerException.class);
  }
}
