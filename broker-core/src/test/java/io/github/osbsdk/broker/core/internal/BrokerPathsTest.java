package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerPathsTest {
  @Test
  void pathsWithEmptySegmentsBeforeV2OrBluemixAreTheBrokers() {
    // a broker URL registered with a trailing slash, joined with "/v2/catalog"
    for (String path : new String[] {"/v2/catalog", "v2/catalog", "//v2/catalog",
        "///bluemix_v1/service_instances/i1", "//v2;x=y/catalog"}) {
      assertThat(BrokerPaths.isBrokerPath(path)).as(path).isTrue();
    }
  }

  @Test
  void otherPathsAreNotTheBrokers() {
    for (String path : new String[] {"/", "//", "/health", "//v3/catalog", "/x//v2/catalog"}) {
      assertThat(BrokerPaths.isBrokerPath(path)).as(path).isFalse();
    }
  }
}
