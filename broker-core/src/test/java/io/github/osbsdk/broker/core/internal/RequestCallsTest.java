package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestCallsTest {
  private final RequestCalls calls = new RequestCalls();

  @Test
  void operationsStartedInAScopeAreHeldUntilItCloses() {
    RequestCalls.Scope scope = calls.enter();
    calls.add("op-1");
    calls.add("op-2");
    assertThat(calls.held()).containsExactlyInAnyOrder("op-1", "op-2");

    scope.close();

    assertThat(calls.held()).isEmpty();
  }

  @Test
  void aScopeOpenedInsideAnotherLeavesItsOperationsToTheOuterOne() {
    RequestCalls.Scope outer = calls.enter();
    RequestCalls.Scope inner = calls.enter();
    calls.add("op-1");

    inner.close();
    assertThat(calls.held()).containsExactly("op-1");

    outer.close();
    assertThat(calls.held()).isEmpty();
  }

  @Test
  void anOperationStartedOutsideAScopeIsNotHeld() {
    calls.add("op-1");

    assertThat(calls.held()).isEmpty();
  }

  @Test
  void aScopeThatStartedNothingLeavesTheNextOneWorking() {
    calls.enter().close();

    RequestCalls.Scope next = calls.enter();
    calls.add("op-1");
    assertThat(calls.held()).containsExactly("op-1");
    next.close();
    assertThat(calls.held()).isEmpty();
  }
}
