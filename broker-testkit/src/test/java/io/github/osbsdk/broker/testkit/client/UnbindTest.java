package io.github.osbsdk.broker.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An unbind names each id where it is set, and the client sends exactly those. */
class UnbindTest extends StubServerFixture {
  @Test
  void eachIdGoesWhereItsMethodSays() {
    client().unbind(Unbind.instance("i-1").binding("b-1").service("svc").plan("small")
        .acceptsIncomplete(true));

    assertThat(stub.last().method()).isEqualTo("DELETE");
    assertThat(stub.last().rawPath()).isEqualTo("/v2/service_instances/i-1/service_bindings/b-1");
    assertThat(stub.last().rawQuery())
        .isEqualTo("service_id=svc&plan_id=small&accepts_incomplete=true");
  }

  @Test
  void whatIsNotSetIsNotSent() {
    client().unbind(Unbind.instance("i-1").binding("b-1").plan("small"));

    assertThat(stub.last().rawQuery()).isEqualTo("plan_id=small");
  }

  @Test
  void everyStepReturnsACopyAndLeavesTheOriginalAsItWas() {
    Unbind base = Unbind.instance("i").binding("b");
    Unbind full = base.service("s").plan("p").acceptsIncomplete(true);

    assertThat(base.serviceId()).isNull();
    assertThat(base.planId()).isNull();
    assertThat(base.acceptsIncomplete()).isFalse();
    assertThat(full.instanceId()).isEqualTo("i");
    assertThat(full.bindingId()).isEqualTo("b");
    assertThat(full.serviceId()).isEqualTo("s");
    assertThat(full.planId()).isEqualTo("p");
    assertThat(full.acceptsIncomplete()).isTrue();
    assertThat(full).isEqualTo(Unbind.instance("i").binding("b").plan("p").service("s")
        .acceptsIncomplete(true)).hasSameHashCodeAs(full.plan("p"));
  }

  @Test
  void aMissingIdIsRefusedNamingIt() {
    assertThatThrownBy(() -> Unbind.instance(null)).hasMessage("instanceId == null");
    assertThatThrownBy(() -> Unbind.instance("i").binding(null)).hasMessage("bindingId == null");
    assertThatThrownBy(() -> Unbind.instance("i").binding("b").service(null))
        .hasMessage("serviceId == null");
  }
}
