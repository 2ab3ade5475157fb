package io.github.osbsdk.broker.store.jdbc;

import static io.github.osbsdk.broker.core.store.DifferentialTrail.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.DifferentialTrail;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the two stores: the same random sequence of store calls (claims, begins,
 * accepts, finishes, lease renewals, take-overs, enable flags, purges, credential walks and
 * compare-and-set) goes to the in-memory store and to the PostgreSQL store, and every answer and,
 * after every call, every row either store can show must be the same. The shared contract checks
 * each rule on its own; this finds the combinations nobody wrote a test for. The calls follow
 * what the SDK does (a finish puts the row it read with a new status, or deletes it), over a
 * small set of ids so that calls collide often. A failure names the seed and the step; more
 * seeds with {@code -Dstore.differential.seeds=N}.
 */
class StoreDifferentialTest {
  private static final String[] INSTANCES = {"i-0", "i-1"};
  private static final String[] BINDINGS = {"b-0", "b-1"};
  private static final String[] OWNERS = {"replica-a", "replica-b"};
  private static final String[] FINGERPRINTS = {"fp-0", "fp-1"};
  private static final int STEPS = 150;

  private final PostgresBrokerStore postgres = PostgresBrokerStore.builder(
      TestDatabase.replicaA()).build();

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  /** Its polls of operations in progress start the listener, which holds a pooled connection. */
  @AfterEach
  void closeStore() {
    postgres.close();
  }

  @Test
  void randomCallSequencesGetTheSameAnswersFromMemoryAndPostgres() {
    int seeds = Integer.getInteger("store.differential.seeds", 8);
    Set<String> outcomes = new TreeSet<>();
    for (int seed = 1; seed <= seeds; seed++) {
      TestDatabase.truncate();
      new Run(seed, new InMemoryBrokerStore(), postgres, outcomes).go();
    }
    // the sequences reach every kind of answer, so agreement means something
    assertThat(outcomes).contains("claimInstance Won", "claimInstance Exists",
        "claimBinding Won", "claimBinding Exists", "claimBinding Blocked",
        "begin Started", "begin Missing", "begin Busy", "accept true", "accept false",
        "finish true", "finish false", "renewLeases some", "takeOverExpired some",
        "setEnabled some", "setEnabled none", "bindingsWithCredentials some",
        "replaceCredentials true", "replaceCredentials false", "purgeOperations some");
  }

  /** One seeded sequence against both stores. */
  private static final class Run {
    private final int seed;
    private final Random random;
    private final BrokerStore memory;
    private final BrokerStore postgres;
    private final List<StoredOperation> issued = new ArrayList<>();
    private final DifferentialTrail trail;
    private final Set<String> outcomes;
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private int step;

    Run(int seed, BrokerStore memory, BrokerStore postgres, Set<String> outcomes) {
      this.seed = seed;
      this.trail = new DifferentialTrail(seed);
      this.outcomes = outcomes;
      this.random = new Random(seed);
      this.memory = memory;
      this.postgres = postgres;
    }

    void go() {
      for (step = 1; step <= STEPS; step++) {
        now = now.plusMillis(random.nextInt(6_000)).truncatedTo(ChronoUnit.MILLIS);
        oneCall();
        sameRows();
      }
    }

    private <T> T pick(T[] values) {
      return values[random.nextInt(values.length)];
    }

    private String json(String key) {
      return random.nextBoolean() ? null : "{\"" + key + "\":" + random.nextInt(3) + "}";
    }

    private void oneCall() {
      String iid = pick(INSTANCES);
      String bid = pick(BINDINGS);
      String owner = pick(OWNERS);
      switch (random.nextInt(12)) {
        case 0, 1 -> {
          StoredInstance row = new StoredInstance(iid, "svc", "plan-" + random.nextInt(2),
              pick(FINGERPRINTS), json("p"), json("c"), null, null, "1.0", null, null,
              InstanceStatus.PROVISIONING, true, now, now, now);
          StoredOperation op = op(iid, null, OperationType.PROVISION, owner);
          same("claimInstance " + iid, s -> s.claimInstance(row, op));
        }
        case 2, 3 -> {
          StoredBinding row = new StoredBinding(iid, bid, "svc", "plan-0", pick(FINGERPRINTS),
              json("p"), null, null, null, null, null, BindingStatus.BINDING, now);
          StoredOperation op = op(iid, bid, OperationType.BIND, owner);
          same("claimBinding " + iid + "/" + bid, s -> s.claimBinding(row, op));
        }
        case 4 -> {
          OperationType type = pick(new OperationType[] {OperationType.UPDATE,
              OperationType.DEPROVISION, OperationType.UNBIND});
          StoredOperation op = op(iid, type.onBinding() ? bid : null, type, owner);
          same("begin " + type + " " + iid + (type.onBinding() ? "/" + bid : ""),
              s -> anyBindingOperation(s, s.beginOperation(op)));
        }
        case 5 -> {
          if (!issued.isEmpty()) {
            StoredOperation op = someOperation();
            String acceptor = random.nextInt(4) == 0 ? owner : currentOwner(op, owner);
            StoredOperation accepted = op.accepted(random.nextBoolean() ? "step" : null,
                random.nextBoolean() ? "{\"n\":1}" : null, null,
                random.nextBoolean() ? "{\"payload\":true}" : null, now.plusSeconds(30));
            same("accept " + op.id(), s -> s.acceptOperation(accepted, acceptor));
          }
        }
        case 6, 7 -> finishOne(owner);
        case 8 -> same("renewLeases " + owner,
            s -> s.renewLeases(owner, now.plusSeconds(30)));
        case 9 -> same("takeOverExpired " + owner, s -> sorted(
            s.takeOverExpired(owner, now, now.plusSeconds(30), 100)));
        case 10 -> {
          boolean enabled = random.nextBoolean();
          same("setEnabled " + iid + " " + enabled, s -> s.setEnabled(iid, enabled, now));
        }
        default -> credentialsOrPurge(iid, bid);
      }
    }

    /** Mostly one still in progress (in memory), else any issued one. */
    private StoredOperation someOperation() {
      List<StoredOperation> running = issued.stream().filter(op -> memory.findOperation(
          op.instanceId(), op.bindingId(), op.id()).map(StoredOperation::inProgress)
          .orElse(false)).toList();
      List<StoredOperation> from = running.isEmpty() || random.nextInt(5) == 0 ? issued : running;
      return from.get(random.nextInt(from.size()));
    }

    private String currentOwner(StoredOperation op, String fallback) {
      return memory.findOperation(op.instanceId(), op.bindingId(), op.id())
          .map(StoredOperation::owner).orElse(fallback);
    }

    private int currentAttempt(StoredOperation op) {
      return memory.findOperation(op.instanceId(), op.bindingId(), op.id())
          .map(StoredOperation::attempt).orElse(op.attempt());
    }

    private StoredOperation op(String iid, String bid, OperationType type, String owner) {
      StoredOperation op = StoredOperation.start("op-" + seed + "-" + step, iid, bid, type,
          pick(FINGERPRINTS), owner, now.plusSeconds(30), "req-" + step, json("q"), now);
      issued.add(op);
      return op;
    }

    /** Ends a known operation as the SDK would, reading the row it changes from memory. */
    private void finishOne(String anyOwner) {
      String owner = anyOwner;
      if (issued.isEmpty()) {
        return;
      }
      StoredOperation op = someOperation();
      if (random.nextInt(4) != 0) {
        owner = currentOwner(op, owner);
      }
      boolean ok = random.nextInt(3) != 0;
      Finish.RowChange<StoredInstance> instance = Finish.RowChange.none();
      Finish.RowChange<StoredBinding> binding = Finish.RowChange.none();
      Optional<StoredInstance> currentInstance = memory.findInstance(op.instanceId());
      Optional<StoredBinding> currentBinding = op.bindingId() == null ? Optional.empty()
          : memory.findBinding(op.instanceId(), op.bindingId());
      switch (op.type()) {
        case PROVISION -> instance = ok && currentInstance.isPresent()
            ? Finish.RowChange.put(currentInstance.get().withStatus(InstanceStatus.READY, now))
            : Finish.RowChange.delete();
        case UPDATE -> instance = ok && currentInstance.isPresent()
            ? Finish.RowChange.put(currentInstance.get().withStatus(InstanceStatus.READY, now))
            : Finish.RowChange.none();
        case DEPROVISION -> instance = ok ? Finish.RowChange.delete()
            : currentInstance.<Finish.RowChange<StoredInstance>>map(i -> Finish.RowChange.put(
                i.withStatus(InstanceStatus.READY, now))).orElse(Finish.RowChange.none());
        case BIND -> binding = ok && currentBinding.isPresent()
            ? Finish.RowChange.put(currentBinding.get().withStatus(BindingStatus.READY)
                .withResult("{\"d\":1}", random.nextBoolean() ? "cipher-" + step : null))
            : Finish.RowChange.delete();
        case UNBIND -> binding = ok ? Finish.RowChange.delete()
            : currentBinding.<Finish.RowChange<StoredBinding>>map(b -> Finish.RowChange.put(
                b.withStatus(BindingStatus.READY))).orElse(Finish.RowChange.none());
        default -> throw new IllegalStateException(op.type().toString());
      }
      // mostly the attempt in progress, else the first one (stale once taken over)
      int attempt = random.nextInt(4) != 0 ? currentAttempt(op) : op.attempt();
      Finish finish = new Finish(op.id(), random.nextInt(5) == 0 ? null : owner, attempt,
          ok ? OperationStatus.SUCCEEDED : OperationStatus.FAILED, ok ? null : "it failed",
          ok ? null : Boolean.TRUE, null, random.nextBoolean(), instance, binding, now);
      same("finish " + op.id() + " " + op.type() + " " + finish.status() + " by "
          + finish.owner() + " attempt " + attempt + " keep=" + finish.keepOperation(),
          s -> s.finishOperation(finish));
    }

    private void credentialsOrPurge(String iid, String bid) {
      switch (random.nextInt(3)) {
        case 0 -> same("bindingsWithCredentials", s -> s.bindingsWithCredentials(null, null,
            100));
        case 1 -> {
          String expected = memory.findBinding(iid, bid).map(StoredBinding::credentials)
              .orElse("cipher-x");
          String asRead = random.nextInt(4) == 0 ? "cipher-other" : expected;
          String replacement = "rewritten-" + step;
          same("replaceCredentials " + iid + "/" + bid, s -> s.replaceCredentials(iid, bid,
              asRead, replacement));
        }
        default -> {
          Instant before = now.minusSeconds(random.nextInt(120));
          same("purgeOperations", s -> s.purgeOperations(before));
        }
      }
    }

    /**
     * Where the contract lets a store answer any of the instance's running binding operations
     * (runningOperation, and Busy for an update or deprovision while bindings change), a binding
     * operation counts as the same answer when it is in progress in both stores.
     */
    private Object anyBindingOperation(BrokerStore answering, Object answer) {
      if (answer instanceof Begin.Busy busy) {
        Object running = anyBindingOperation(answering, busy.running());
        return running instanceof StoredOperation ? answer : "Busy[" + running + "]";
      }
      if (answer instanceof StoredOperation op && op.bindingId() != null) {
        for (BrokerStore store : List.of(memory, postgres)) {
          assertThat(store.findOperation(op.instanceId(), op.bindingId(), op.id())
              .map(StoredOperation::inProgress)).as(where("the running operation "
                  + op.id() + " that " + (answering == memory ? "memory" : "PostgreSQL")
                  + " named, in " + (store == memory ? "memory" : "PostgreSQL"))).contains(true);
        }
        return "a binding operation in progress on " + op.instanceId();
      }
      return answer;
    }

    private static List<StoredOperation> sorted(List<StoredOperation> ops) {
      return ops.stream().sorted(Comparator.comparing(StoredOperation::id)).toList();
    }

    /**
     * Calls both stores; the same random draws must serve both, so the call itself may not
     * draw: everything random is decided before.
     */
    private <R> void same(String call, Function<BrokerStore, R> action) {
      trail.add(step, call);
      R expected = action.apply(memory);
      R actual = action.apply(postgres);
      assertThat(render(actual)).as(where(call)).isEqualTo(render(expected));
      outcomes.add(call.substring(0, call.indexOf(' ') < 0 ? call.length() : call.indexOf(' '))
          + " " + kind(expected));
    }

    private static String kind(Object answer) {
      if (answer instanceof String text) { // a Busy of any binding operation
        return text.substring(0, text.indexOf('['));
      }
      return DifferentialTrail.kind(answer);
    }

    private void sameRows() {
      for (String iid : INSTANCES) {
        compare("findInstance " + iid, s -> s.findInstance(iid));
        compare("runningOperation " + iid,
            s -> s.runningOperation(iid).map(op -> anyBindingOperation(s, op)));
        compare("latest operation " + iid, s -> s.findOperation(iid, null, null));
        for (String bid : BINDINGS) {
          compare("findBinding " + iid + "/" + bid, s -> s.findBinding(iid, bid));
          compare("latest operation " + iid + "/" + bid, s -> s.findOperation(iid, bid, null));
        }
      }
      for (int i = Math.max(0, issued.size() - 4); i < issued.size(); i++) {
        StoredOperation op = issued.get(i);
        compare("findOperation " + op.id(), s -> s.findOperation(op.instanceId(), op.bindingId(),
            op.id()));
      }
    }

    private <R> void compare(String read, Function<BrokerStore, R> action) {
      assertThat(render(action.apply(postgres))).as(where("after it, " + read))
          .isEqualTo(render(action.apply(memory)));
    }

    private String where(String what) {
      return trail.where(step, what);
    }
  }
}
