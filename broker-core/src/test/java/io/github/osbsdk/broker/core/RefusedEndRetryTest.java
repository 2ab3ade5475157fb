package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static io.github.osbsdk.broker.core.RegistryTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous operation's failure, or an undo, that the store refuses is written again with
 * backoff, but only while the operation is still in progress as this replica's, in the same
 * attempt. The store's finish checks the attempt too (see the store contract); these tests
 * check that the broker does not write what the store would refuse, and stops trying.
 */
class RefusedEndRetryTest {
  /**
   * The stores here do not tell which leases the broker holds: an operation taken over again by
   * the same replica behind its back (what these tests do) is one it holds while nothing in it
   * runs it, which the maintenance would take over anew after two rounds
   * ({@code LeaseHeldByNothingHereTest}); these tests are about the writes of the attempt before.
   */
  private static final String NOT_LISTED = "leasedOperations";
  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();

  /**
   * Provisions on an asynchronous plan (lease 1 s) whose end the store refuses: its result, then
   * its failure, and every later write while {@code refuseAll} says so. With the second refusal,
   * {@code meanwhile} gets the refused finish (the store behind changes the operation then). After
   * 2 s, in which a retry with backoff would have come thrice, answers the operation (correct
   * code writes nothing more, so the length of the wait decides no pass, only how soon a broken
   * broker is caught).
   *
   * @param finishes counts the finish writes of the operation
   */
  private StoredOperation provisionWhoseFailureIsRefused(boolean refuseAll,
      Consumer<Finish> meanwhile, AtomicInteger finishes) {
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals(NOT_LISTED)) {
        return Optional.empty();
      }
      if (method.getName().equals("finishOperation") && ((Finish) args[0]).keepOperation()) {
        int n = finishes.incrementAndGet();
        if (n == 2) {
          meanwhile.accept((Finish) args[0]);
        }
        if (n <= 2 || refuseAll) {
          throw new IllegalStateException("a bug in the store");
        }
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store)
        .lease(Duration.ofSeconds(1)).build())) {
      String id = id();
      Reply accepted = provision(s, id, "plan-async", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String operation = accepted.json().get("operation").asText();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (finishes.get() < 2 && System.nanoTime() < deadline) {
        sleep(20);
      }
      assertThat(finishes.get()).as("the result and the failure refused").isEqualTo(2);
      sleep(2000);
      return shared.findOperation(id, null, operation).orElseThrow();
    }
  }

  @Test
  void aRefusedFailureIsNotWrittenOverTheAttemptThisReplicaTookOverSince() {
    // before: the finish of attempt 1 ended attempt 2, which the store's owner check let through
    AtomicInteger finishes = new AtomicInteger();
    StoredOperation op = provisionWhoseFailureIsRefused(false, this::takeOverAgain, finishes);
    assertThat(op.status()).as(op.toString()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(op.attempt()).isEqualTo(2);
    assertThat(finishes.get()).as("finish writes").isEqualTo(2);
  }

  @Test
  void aRefusedFailureIsNoLongerTriedOnceAnotherReplicaTookTheOperationOver() {
    // before: it was tried again with backoff for as long as this replica lived
    AtomicInteger finishes = new AtomicInteger();
    StoredOperation op = provisionWhoseFailureIsRefused(true, refused -> {
      Instant later = Instant.now().plus(Duration.ofHours(1));
      assertThat(shared.takeOverExpired("replica-b", later, later.plusSeconds(3600), 10))
          .hasSize(1);
    }, finishes);
    assertThat(op.owner()).isEqualTo("replica-b");
    assertThat(finishes.get()).as("finish writes").isEqualTo(2);
  }

  @Test
  void aRefusedFailureIsNoLongerTriedOnceTheOperationEndedElsewhere() {
    // before: it was tried again with backoff for as long as this replica lived
    AtomicInteger finishes = new AtomicInteger();
    StoredOperation op = provisionWhoseFailureIsRefused(true, refused -> assertThat(
        shared.finishOperation(new Finish(refused.operationId(), refused.owner(), refused.attempt(),
            OperationStatus.FAILED, "ended elsewhere", null, null, true,
            Finish.RowChange.none(), Finish.RowChange.none(), Instant.now())))
        .isTrue(), finishes);
    assertThat(op.description()).isEqualTo("ended elsewhere");
    assertThat(finishes.get()).as("finish writes").isEqualTo(2);
  }

  /** Takes the operation of {@code refused} over again as its owner's: attempt 2, same owner. */
  private void takeOverAgain(Finish refused) {
    Instant later = Instant.now().plus(Duration.ofHours(1));
    assertThat(shared.takeOverExpired(refused.owner(), later, later.plusSeconds(3600), 10))
        .as("taken over again by the same replica").hasSize(1);
  }

  /**
   * Provisions (lease 1 s) where the provider names a resumable step the broker does not know,
   * so the claim is undone; the store refuses that undo, and the operation is taken over again
   * by this replica (attempt 2) meanwhile. Reads of the operation after that fail while
   * {@code unreadable} counts down above 0. Once a read came after those, and 2 s later, answers
   * the operation.
   *
   * @param unreadable how many reads fail
   * @param finishes counts the finish writes
   */
  private StoredOperation provisionWhoseUndoIsRefused(AtomicInteger unreadable,
      AtomicInteger finishes) {
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("not-registered", Map.of()));
      }
    };
    AtomicReference<Finish> refusedUndo = new AtomicReference<>();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals(NOT_LISTED)) {
        return Optional.empty();
      }
      if (method.getName().equals("findOperation") && refusedUndo.get() != null
          && unreadable.getAndDecrement() > 0) {
        throw new IllegalStateException("a bug in the store");
      }
      if (method.getName().equals("finishOperation")
          && finishes.incrementAndGet() == 1) {
        takeOverAgain((Finish) args[0]);
        refusedUndo.set((Finish) args[0]);
        throw new IllegalStateException("a bug in the store");
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(provider).store(store)
        .lease(Duration.ofSeconds(1)).build())) {
      String id = id();
      Reply wrong = provision(s, id, "plan-async", "{}", true);
      assertThat(wrong.status()).as(wrong.toString()).isEqualTo(500);
      // the unreadable reads are used up (below 0: one more read came after them)
      Await.until(() -> unreadable.get() < 0, "the undo's operation read again after its refusal");
      sleep(2000); // a write, were there one, would come within this (it does not decide a pass)
      return shared.findOperation(id, null, refusedUndo.get().operationId())
          .orElseThrow(() -> new AssertionError("the operation was undone"));
    }
  }

  @Test
  void aRefusedUndoIsNotWrittenOverTheAttemptThisReplicaTookOverSince() {
    // before: the undo of attempt 1 undid attempt 2, which the store's owner check let through
    AtomicInteger finishes = new AtomicInteger();
    StoredOperation op = provisionWhoseUndoIsRefused(new AtomicInteger(), finishes);
    assertThat(op.status()).as(op.toString()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(op.attempt()).isEqualTo(2);
    assertThat(finishes.get()).as("finish writes").isEqualTo(1);
  }

  @Test
  void aRefusedUndoIsNotWrittenWhileTheStoreCannotTellWhetherTheAttemptIsStillOurs() {
    // before: an operation the store could not read was taken to be ours, and undone
    AtomicInteger finishes = new AtomicInteger();
    AtomicInteger unreadable = new AtomicInteger(2);
    StoredOperation op = provisionWhoseUndoIsRefused(unreadable, finishes);
    assertThat(op.status()).as(op.toString()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(op.attempt()).isEqualTo(2);
    assertThat(finishes.get()).as("finish writes").isEqualTo(1);
    assertThat(unreadable.get()).as("unreadable reads left").isNegative();
  }
}
