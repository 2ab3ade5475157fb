package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeteredPlansTest {

  @Test
  void planIsFoundByIdWithItsResourceAndMeasures() {
    MeteredPlans plans = MeteredPlans.of(MeteredPlan.of("svc", "metered", "API_CALL", "GB"));
    assertThat(plans.plan("metered").orElseThrow().resourceId()).isEqualTo("svc");
    assertThat(plans.plan("metered").orElseThrow().measures())
        .containsExactlyInAnyOrder("API_CALL", "GB");
    assertThat(plans.plan("free")).isEmpty();
    assertThat(plans.plan(null)).isEmpty();
  }

  @Test
  void planIdTwiceOrNoPlanOrNoMeasureIsRefused() {
    assertThatThrownBy(() -> MeteredPlans.of(MeteredPlan.of("a", "p", "M"),
        MeteredPlan.of("b", "p", "M"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plan p appears twice");
    assertThatThrownBy(MeteredPlans::of).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MeteredPlan.of("svc", "p")).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("at least one measure");
  }
}
