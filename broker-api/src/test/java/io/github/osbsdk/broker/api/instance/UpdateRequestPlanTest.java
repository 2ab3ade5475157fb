package io.github.osbsdk.broker.api.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code plan()} is the plan {@code plan_id} names whenever one was sent, the current plan
 * included; {@code resultingPlan()} is the plan the instance has after the update in every case.
 */
class UpdateRequestPlanTest {
  private static final Plan SMALL = Plan.builder("small", "small", "Small").build();
  private static final Plan LARGE = Plan.builder("large", "large", "Large").build();
  private static final ServiceOffering SERVICE = ServiceOffering.builder("svc", "q", "Queues")
      .plan(SMALL).plan(LARGE).planUpdateable(true).build();
  private static final ServiceInstance ON_SMALL = new ServiceInstance("i", "svc", "small",
      Map.of(), null, null, null, true, Instant.EPOCH);

  private static UpdateRequest update(Plan sent) {
    return new UpdateRequest("i", SERVICE, sent, null, Map.of(), null, null, true, ON_SMALL,
        RequestContext.of("r"));
  }

  @Test
  void updateWithoutPlanIdHasNoPlanAndResultsInTheCurrentPlan() {
    UpdateRequest request = update(null);

    assertThat(request.plan()).isNull();
    assertThat(request.planId()).isNull();
    assertThat(request.changesPlan()).isFalse();
    assertThat(request.resultingPlanId()).isEqualTo("small");
    assertThat(request.resultingPlan()).isEqualTo(SMALL);
  }

  @Test
  void updateRepeatingTheCurrentPlanIdHasThatPlanButChangesNone() {
    UpdateRequest request = update(SMALL);

    assertThat(request.plan()).isEqualTo(SMALL);
    assertThat(request.planId()).isEqualTo("small");
    assertThat(request.changesPlan()).isFalse();
    assertThat(request.resultingPlan()).isEqualTo(SMALL);
  }

  @Test
  void updateToAnotherPlanResultsInThatPlan() {
    UpdateRequest request = update(LARGE);

    assertThat(request.changesPlan()).isTrue();
    assertThat(request.resultingPlanId()).isEqualTo("large");
    assertThat(request.resultingPlan()).isEqualTo(LARGE);
  }
}
