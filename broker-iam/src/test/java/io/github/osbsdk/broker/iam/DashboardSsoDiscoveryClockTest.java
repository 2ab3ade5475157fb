package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * IAM's discovery document is cached for an hour of elapsed time, over real HTTP: a step of the
 * wall clock (the clock of sign-in states and sessions) neither expires it nor keeps it.
 */
class DashboardSsoDiscoveryClockTest extends WithDashboardSso {
  @Test
  void aStepForwardOfTheWallClockDoesNotFetchTheDiscoveryDocumentAgain() throws Exception {
    TestClock wall = new TestClock();
    server.start(Set.of(ssoBuilder(iam, server.base).clock(wall)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>").build()
        .resource()));
    URI dashboard = URI.create(server.base + "/dashboard/" + enc(CRN));
    assertThat(get(dashboard, null).statusCode()).isEqualTo(303);
    long fetched = iam.requestCount(IamEndpoint.DISCOVERY);

    wall.advance(Duration.ofHours(2));

    assertThat(get(dashboard, null).statusCode()).isEqualTo(303);
    assertThat(iam.requestCount(IamEndpoint.DISCOVERY)).as("discovery fetches")
        .isEqualTo(fetched);
  }
}
