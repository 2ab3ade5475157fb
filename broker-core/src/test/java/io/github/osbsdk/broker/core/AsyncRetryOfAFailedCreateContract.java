package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Over real HTTP, on a store a subclass chooses: a create (provision or bind) whose provider call
 * failed leaves a failed row (PROVISION_FAILED / BIND_FAILED) for the platform's orphan
 * mitigation. Its identical retry claims that row and is answered asynchronously; however the
 * retry's operation then ends without success (its work refuses with a 4xx or fails, the executor
 * refuses the work, another replica takes the operation over and ends it), the row stays failed,
 * with what the first request recorded (identical by the claim's fingerprint: plan, parameters,
 * bind resource), and the platform's delete reaches the provider with it instead of a 410. The
 * provider, the store's faults and the shared steps are {@link FailedCreateFixture}'s: a
 * create the test queued no answer for fails with an unknown outcome (500).
 */
public abstract class AsyncRetryOfAFailedCreateContract extends FailedCreateFixture {

  /** A replica for a test whose asynchronous work ends as {@code ending} says. */
  private TestServer replica(Ending ending) {
    provider.ending = ending;
    return replica(ending == Ending.EXECUTOR_REFUSES);
  }

  /** Sends the asynchronous retry, which the provider accepts, and checks its answer. */
  private void retryAsync(TestServer a, Ending ending, String path, String json) {
    provider.next.add(Answer.ACCEPT_PLAIN);
    Reply retry = a.call("PUT", path + "?accepts_incomplete=true").json(json).send();
    assertThat(retry.status()).as(retry.toString())
        .isEqualTo(ending == Ending.EXECUTOR_REFUSES ? 503 : 202);
  }

  /**
   * Ends the retry's operation as {@code ending} says, once the retry was answered.
   *
   * @return the replica that serves the platform's delete
   */
  private TestServer end(Ending ending, TestServer first, Predicate<BrokerStore> ended)
      throws InterruptedException {
    TestServer now = ending == Ending.TAKEN_OVER ? stopAndTakeOver(first) : first;
    BrokerStore store = now.broker.store();
    await(now, () -> ended.test(store));
    return now;
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void anAsyncRetryOfAFailedProvisionThatEndsWithoutSuccessKeepsTheInstanceForTheDeprovision(
      Ending ending) throws InterruptedException {
    TestServer a = replica(ending);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    assertThat(a.call("PUT", path).json(PROVISION).send().status()).isEqualTo(500);
    BrokerStore store = a.broker.store();
    assertThat(store.findInstance(id)).get().extracting(i -> i.status())
        .isEqualTo(InstanceStatus.PROVISION_FAILED);
    retryAsync(a, ending, path, PROVISION);

    TestServer b = end(ending, a, s -> s.runningOperation(id).isEmpty());
    store = b.broker.store();

    assertThat(store.findInstance(id)).get().extracting(i -> i.status())
        .isEqualTo(InstanceStatus.PROVISION_FAILED);
    deprovisionReachesTheProvider(b, path);
    assertThat(provider.deprovisions).singleElement().satisfies(d -> {
      assertThat(d.instance().planId()).isEqualTo("plan-a");
      assertThat(d.instance().parameters()).isEqualTo(Map.of("size", 3));
    });
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void anAsyncRetryOfAFailedBindThatEndsWithoutSuccessKeepsTheBindingForTheUnbind(
      Ending ending) throws InterruptedException {
    TestServer a = replica(ending);
    String id = newId();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBind(a, id, path);
    retryAsync(a, ending, path, BIND);

    TestServer b = end(ending, a, s -> s.findBinding(id, "b1")
        .filter(x -> x.status() != BindingStatus.BINDING).isPresent());

    keptTheFirstBinding(b, path, id, first);
  }

  @Test
  void aSyncRetryOfAFailedBindThatFailsKeepsTheFirstBindingForTheUnbind()
      throws InterruptedException {
    TestServer a = replica(Ending.WORK_FAILS);
    String id = newId();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBind(a, id, path);
    assertThat(a.call("PUT", path).json(BIND).send().status()).isEqualTo(500);
    keptTheFirstBinding(a, path, id, first);
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void anAsyncRetryThatEndsWithoutSuccessKeepsTheDashboardOfAProvisionTheStoreLost(
      Ending ending) throws InterruptedException {
    TestServer a = replica(ending);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    retryAsync(a, ending, path, PROVISION);

    TestServer b = end(ending, a, s -> s.runningOperation(id).isEmpty());

    keptWhatTheFirstCallRecorded(b, path, id, first);
  }

  @Test
  void aSyncRetryThatFailsKeepsTheDashboardOfAProvisionTheStoreLost()
      throws InterruptedException {
    TestServer a = replica(Ending.WORK_FAILS);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    Reply retry = a.call("PUT", path).json(PROVISION).send();
    assertThat(retry.status()).as(retry.toString()).isEqualTo(500);

    keptWhatTheFirstCallRecorded(a, path, id, first);
  }
}
