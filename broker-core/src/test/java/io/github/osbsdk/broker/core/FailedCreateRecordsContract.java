package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Over real HTTP, on a store a subclass chooses: the failed row a create leaves keeps what the
 * platform and the provider were told, however the create ends.
 * <ul>
 *   <li>A synchronous retry over a failed instance or binding that ends another way than its own
 *   failure (its replica stops mid-call and another one takes it over, the store refuses its
 *   result, the store loses the claim's answer and the claim is withdrawn) leaves the failed row
 *   with the first call's dashboard URL, metadata and creation time.</li>
 *   <li>A first asynchronous provision that ends without success keeps the dashboard URL its 202
 *   sent.</li>
 *   <li>A retry that succeeds keeps the first call's creation time (the instance or binding has
 *   existed since then), and its own answer's dashboard URL and metadata.</li>
 * </ul>
 */
public abstract class FailedCreateRecordsContract extends FailedCreateFixture {

  @Test
  void aSyncRetryWhoseReplicaStopsMidCallKeepsWhatTheFirstProvisionRecorded() throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    sendHanging(a, "PUT", path, PROVISION);

    TestServer b = stopAndTakeOver(a);
    BrokerStore store = b.broker.store();
    await(b, () -> store.runningOperation(id).isEmpty());

    keptWhatTheFirstCallRecorded(b, path, id, first);
  }

  @Test
  void aSyncRetryWhoseResultTheStoreRefusesKeepsWhatTheFirstProvisionRecorded()
      throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    provider.next.add(Answer.CREATE_PLAIN);
    refuseNextSuccess.set(true);

    Reply retry = a.call("PUT", path).json(PROVISION).send();

    assertThat(retry.status()).as(retry.toString()).isEqualTo(500);
    keptWhatTheFirstCallRecorded(a, path, id, first);
  }

  @Test
  void aSyncRetryWhoseClaimAnswerIsLostKeepsWhatTheFirstProvisionRecorded() throws Exception {
    Retried retried = syncRetryAnsweredBusyAfter(() -> loseNextClaimAnswer.set(true));

    keptWhatTheFirstCallRecorded(retried);
  }

  @Test
  void aSyncRetryWhoseSuccessTheStoreWasDownForKeepsWhatTheFirstProvisionRecorded()
      throws Exception {
    Retried retried = syncRetryAnsweredBusyAfter(() -> successLost(Answer.CREATE_PLAIN));

    keptWhatTheFirstCallRecorded(retried);
  }

  @Test
  void aSyncRetryWhoseSuccessTheStoreWasDownForKeepsItsOwnDashboardAndTheFirstMetadata()
      throws Exception {
    Retried retried = syncRetryAnsweredBusyAfter(() -> successLost(Answer.CREATE_OTHER_DASHBOARD));

    StoredInstance failed = retried.server().broker.store().findInstance(retried.id())
        .orElseThrow();
    assertThat(failed.status()).isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(failed.dashboardUrl()).as("the retry's answer's").isEqualTo(RETRY_DASHBOARD);
    assertThat(failed.metadata()).as("the retry's answer had none")
        .isEqualTo(retried.first().metadata());
    assertThat(failed.createdAt()).isEqualTo(retried.first().createdAt());
  }

  /**
   * A provision's synchronous retry, on {@code server}, of the instance {@code id} (at
   * {@code path}) whose first provision left the failed row {@code first}.
   */
  private record Retried(TestServer server, String id, String path, StoredInstance first) {
  }

  /**
   * Has a provision created but not recorded ({@link #createdButNotRecorded}), injects
   * {@code fault}, retries the provision synchronously, checks that the retry is answered 503 and
   * waits until its operation has ended.
   *
   * @param fault what goes wrong in the retry
   * @return the retry
   */
  private Retried syncRetryAnsweredBusyAfter(Runnable fault) throws InterruptedException {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    fault.run();

    Reply retry = a.call("PUT", path).json(PROVISION).send();

    assertThat(retry.status()).as(retry.toString()).isEqualTo(503);
    BrokerStore store = a.broker.store();
    await(a, () -> store.runningOperation(id).isEmpty());
    return new Retried(a, id, path, first);
  }

  /** The provider answers the next create with {@code answer}, whose success the store loses. */
  private void successLost(Answer answer) {
    provider.next.add(answer);
    loseNextSuccess.set(true);
  }

  private void keptWhatTheFirstCallRecorded(Retried retried) {
    keptWhatTheFirstCallRecorded(retried.server(), retried.path(), retried.id(), retried.first());
  }

  @Test
  void aSyncRetryOfABindWhoseReplicaStopsMidCallKeepsTheFirstBinding() throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBind(a, id, path);
    sendHanging(a, "PUT", path, BIND);

    TestServer b = stopAndTakeOver(a);
    BrokerStore store = b.broker.store();
    await(b, () -> store.findBinding(id, "b1").orElseThrow().status()
        != BindingStatus.BINDING);

    keptTheFirstBinding(b, path, id, first);
  }

  @Test
  void aSyncRetryOfABindWhoseResultTheStoreRefusesKeepsTheFirstBinding() throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBind(a, id, path);
    provider.next.add(Answer.CREATE);
    refuseNextSuccess.set(true);

    Reply retry = a.call("PUT", path).json(BIND).send();

    assertThat(retry.status()).as(retry.toString()).isEqualTo(500);
    keptTheFirstBinding(a, path, id, first);
  }

  @Test
  void aSyncRetryOfABindWhoseClaimAnswerIsLostKeepsTheFirstBinding() throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBind(a, id, path);
    loseNextClaimAnswer.set(true);

    Reply retry = a.call("PUT", path).json(BIND).send();

    assertThat(retry.status()).as(retry.toString()).isEqualTo(503);
    BrokerStore store = a.broker.store();
    await(a, () -> store.findBinding(id, "b1").orElseThrow().status()
        != BindingStatus.BINDING);
    keptTheFirstBinding(a, path, id, first);
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void aFirstAsyncProvisionThatEndsWithoutSuccessKeepsTheDashboardOfIts202(Ending ending)
      throws Exception {
    provider.ending = ending;
    TestServer a = replica(ending == Ending.EXECUTOR_REFUSES);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    provider.next.add(Answer.ACCEPT);

    Reply accepted = a.call("PUT", path + "?accepts_incomplete=true").json(PROVISION).send();

    assertThat(accepted.status()).as(accepted.toString())
        .isEqualTo(ending == Ending.EXECUTOR_REFUSES ? 503 : 202);
    TestServer b = ending == Ending.TAKEN_OVER ? stopAndTakeOver(a) : a;
    BrokerStore store = b.broker.store();
    await(b, () -> store.runningOperation(id).isEmpty());
    StoredInstance failed = store.findInstance(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(failed.dashboardUrl()).isEqualTo(ACCEPTED_DASHBOARD);
    deprovisionReachesTheProvider(b, path);
    assertThat(provider.deprovisions).singleElement()
        .satisfies(d -> assertThat(d.instance().dashboardUrl()).isEqualTo(ACCEPTED_DASHBOARD));
  }

  @Test
  void aSyncRetryThatSucceedsKeepsTheFirstCreationTimeAndItsOwnDashboard() throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    provider.next.add(Answer.CREATE_PLAIN);

    Reply retry = a.call("PUT", path).json(PROVISION).send();

    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    succeededWithTheFirstCreationTime(a, id, first);
  }

  @Test
  void anAsyncRetryThatSucceedsKeepsTheFirstCreationTimeAndItsOwnDashboard() throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id;
    StoredInstance first = createdButNotRecorded(a, path, id);
    provider.next.add(Answer.ACCEPT_PLAIN);

    Reply retry = a.call("PUT", path + "?accepts_incomplete=true").json(PROVISION).send();

    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    BrokerStore store = a.broker.store();
    await(a, () -> store.runningOperation(id).isEmpty());
    succeededWithTheFirstCreationTime(a, id, first);
  }

  /** The instance is ready, created when the first call was, with no dashboard of its own. */
  private static void succeededWithTheFirstCreationTime(TestServer a, String id,
      StoredInstance first) {
    StoredInstance ready = a.broker.store().findInstance(id).orElseThrow();
    assertThat(ready.status()).isEqualTo(InstanceStatus.READY);
    assertThat(ready.createdAt()).isEqualTo(first.createdAt());
    assertThat(ready.dashboardUrl()).as("the retry's answer had none").isNull();
    assertThat(ready.metadata()).as("the retry's answer had none").isNull();
  }

  @Test
  void aRetryOfABindThatSucceedsKeepsTheFirstCreationTime() throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBind(a, id, path);
    provider.next.add(Answer.CREATE);

    Reply retry = a.call("PUT", path).json(BIND).send();

    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    StoredBinding ready = a.broker.store().findBinding(id, "b1").orElseThrow();
    assertThat(ready.status()).isEqualTo(BindingStatus.READY);
    assertThat(ready.createdAt()).isEqualTo(first.createdAt());
  }

  @Test
  void anAsyncRetryOfABindThatSucceedsKeepsTheFirstCreationTimeOnAStoreThatDoesNotCopyIt()
      throws Exception {
    TestServer a = replica(false);
    String id = newId();
    String path = "/v2/service_instances/" + id + "/service_bindings/b1";
    StoredBinding first = failedBind(a, id, path);
    claimsKeepNoCreationTime.set(true);
    provider.next.add(Answer.ACCEPT_PLAIN);

    Reply retry = a.call("PUT", path + "?accepts_incomplete=true").json(BIND).send();

    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    BrokerStore store = a.broker.store();
    await(a, () -> store.findBinding(id, "b1").orElseThrow().status()
        != BindingStatus.BINDING);
    StoredBinding ready = store.findBinding(id, "b1").orElseThrow();
    assertThat(ready.status()).isEqualTo(BindingStatus.READY);
    assertThat(ready.createdAt()).isEqualTo(first.createdAt());
  }
}
