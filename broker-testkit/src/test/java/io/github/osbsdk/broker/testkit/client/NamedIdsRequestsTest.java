package io.github.osbsdk.broker.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Deprovision, fetch of a binding and the two last-operation polls name each id where it is set,
 * as {@link Unbind} does, and the client sends exactly those.
 */
class NamedIdsRequestsTest extends StubServerFixture {

  @Test
  void aDeprovisionSendsEachIdWhereItsMethodSays() {
    client().deprovision(Deprovision.instance("i-1").service("svc").plan("small")
        .acceptsIncomplete(true));

    assertThat(stub.last().method()).isEqualTo("DELETE");
    assertThat(stub.last().rawPath()).isEqualTo("/v2/service_instances/i-1");
    assertThat(stub.last().rawQuery())
        .isEqualTo("service_id=svc&plan_id=small&accepts_incomplete=true");
  }

  @Test
  void aFetchOfABindingSendsEachIdWhereItsMethodSays() {
    client().fetchBinding(FetchBinding.instance("i-1").binding("b-1").plan("small")
        .service("svc"));

    assertThat(stub.last().method()).isEqualTo("GET");
    assertThat(stub.last().rawPath()).isEqualTo("/v2/service_instances/i-1/service_bindings/b-1");
    assertThat(stub.last().rawQuery()).isEqualTo("service_id=svc&plan_id=small");
  }

  @Test
  void anInstancePollSendsEachValueWhereItsMethodSays() {
    client().lastOperation(LastOperation.instance("i-1").service("svc").plan("small")
        .operation("op-9"));

    assertThat(stub.last().rawPath()).isEqualTo("/v2/service_instances/i-1/last_operation");
    assertThat(stub.last().rawQuery()).isEqualTo("service_id=svc&plan_id=small&operation=op-9");
  }

  @Test
  void aBindingPollSendsEachValueWhereItsMethodSays() {
    client().bindingLastOperation(BindingLastOperation.instance("i-1").binding("b-1")
        .service("svc").plan("small").operation("op-9"));

    assertThat(stub.last().rawPath())
        .isEqualTo("/v2/service_instances/i-1/service_bindings/b-1/last_operation");
    assertThat(stub.last().rawQuery()).isEqualTo("service_id=svc&plan_id=small&operation=op-9");
  }

  @Test
  void whatIsNotSetIsNotSentAndANullOperationIsLeftOut() {
    client().deprovision(Deprovision.instance("i-1").service("svc"));
    assertThat(stub.last().rawQuery()).isEqualTo("service_id=svc");
    client().fetchBinding(FetchBinding.instance("i-1").binding("b-1"));
    assertThat(stub.last().rawQuery()).isNull();
    client().lastOperation(LastOperation.instance("i-1").plan("small").operation(null));
    assertThat(stub.last().rawQuery()).isEqualTo("plan_id=small");
    client().bindingLastOperation(BindingLastOperation.instance("i-1").binding("b-1")
        .operation(null));
    assertThat(stub.last().rawQuery()).isNull();
  }

  @Test
  void everyStepReturnsACopyEqualWhateverTheOrderOfTheSteps() {
    Deprovision d = Deprovision.instance("i");
    assertThat(d.service("s").plan("p")).isEqualTo(d.plan("p").service("s"))
        .hasSameHashCodeAs(d.plan("p").service("s"));
    assertThat(d.serviceId()).isNull();
    assertThat(d.acceptsIncomplete()).isFalse();
    FetchBinding f = FetchBinding.instance("i").binding("b");
    assertThat(f.service("s").plan("p")).isEqualTo(f.plan("p").service("s"));
    assertThat(f.planId()).isNull();
    LastOperation l = LastOperation.instance("i");
    assertThat(l.operation("o").service("s")).isEqualTo(l.service("s").operation("o"))
        .isNotEqualTo(l.service("s"));
    assertThat(l.operation()).isNull();
    BindingLastOperation b = BindingLastOperation.instance("i").binding("b");
    assertThat(b.operation("o").plan("p")).isEqualTo(b.plan("p").operation("o"))
        .isNotEqualTo(BindingLastOperation.instance("b").binding("i").plan("p").operation("o"));
    assertThat(b.instanceId()).isEqualTo("i");
    assertThat(b.bindingId()).isEqualTo("b");
  }

  @Test
  void eachValueNamesItsTypeAndFieldsInToStringAndNeverEqualsAnotherType() {
    assertThat(Unbind.instance("i").binding("b").plan("p").acceptsIncomplete(true))
        .hasToString("Unbind[instanceId=i, bindingId=b, serviceId=null, planId=p,"
            + " acceptsIncomplete=true]");
    assertThat(Deprovision.instance("i").service("s")).hasToString(
        "Deprovision[instanceId=i, serviceId=s, planId=null, acceptsIncomplete=false]");
    assertThat(FetchBinding.instance("i").binding("b"))
        .hasToString("FetchBinding[instanceId=i, bindingId=b, serviceId=null, planId=null]")
        .isNotEqualTo(Unbind.instance("i").binding("b"));
    assertThat(LastOperation.instance("i").operation("o"))
        .hasToString("LastOperation[instanceId=i, serviceId=null, planId=null, operation=o]");
    assertThat(BindingLastOperation.instance("i").binding("b").service("s"))
        .hasToString("BindingLastOperation[instanceId=i, bindingId=b, serviceId=s, planId=null,"
            + " operation=null]");
  }

  @Test
  void aMissingIdIsRefusedNamingIt() {
    assertThatThrownBy(() -> Deprovision.instance(null)).hasMessage("instanceId == null");
    assertThatThrownBy(() -> Deprovision.instance("i").plan(null)).hasMessage("planId == null");
    assertThatThrownBy(() -> FetchBinding.instance("i").binding(null))
        .hasMessage("bindingId == null");
    assertThatThrownBy(() -> LastOperation.instance("i").service(null))
        .hasMessage("serviceId == null");
    assertThatThrownBy(() -> BindingLastOperation.instance(null))
        .hasMessage("instanceId == null");
    assertThatThrownBy(() -> client().deprovision(null)).hasMessage("deprovision == null");
  }
}
