package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.iam.IamException;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private IamSimulator iam;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private Discovery discovery;

  @BeforeEach
  void start() {
    iam = IamSimulator.start();
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl())
        .requestTimeout(Duration.ofMillis(500)).build();
    discovery = new Discovery(config, new Clock() {
      @Override
      public Instant instant() {
        return now;
      }

      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    });
  }

  @AfterEach
  void stop() {
    iam.close();
  }

  @Test
  void documentIsCachedForAnHour() {
    Discovery.Endpoints first = discovery.endpoints();
    now = now.plusMillis(Discovery.TTL_MILLIS - 1);
    assertThat(discovery.endpoints()).isEqualTo(first);
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(1);
    now = now.plusMillis(1);
    discovery.endpoints();
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(2);
  }

  @Test
  void failedRefreshServesTheLastDocumentAndAsksAgainOnlyAMinuteLater() {
    Discovery.Endpoints first = discovery.endpoints();
    iam.faults().failWith(IamEndpoint.DISCOVERY, 503);
    now = now.plusMillis(Discovery.TTL_MILLIS);
    for (int i = 0; i < 5; i++) {
      assertThat(discovery.endpoints()).isEqualTo(first);
    }
    // before: every call during the outage asked IAM (and waited for its timeout)
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(2);
    now = now.plusMillis(Discovery.RETRY_MILLIS);
    iam.faults().reset();
    assertThat(discovery.endpoints()).isEqualTo(first);
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).isEqualTo(3);
  }

  @Test
  void neverFetchedAndIamDownIsAnError() {
    iam.faults().down(IamEndpoint.DISCOVERY);
    assertThatThrownBy(discovery::endpoints).isInstanceOf(IamException.class);
  }
}
