package io.github.osbsdk.broker.core.store;

import io.github.osbsdk.broker.api.OperationType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A concurrent workload for any {@link BrokerStore}: workers make random claims, begins and
 * finishes on a few instance and binding ids, each finishing only the operations it started.
 * The workers themselves check what the store promises about operations it lets run at once,
 * which needs no snapshot of the store: while an operation on an instance runs, no other
 * operation on that instance or on one of its bindings is let run, and while a binding's
 * operation runs, no other operation on that binding and none on its instance is. A worker
 * records each operation the store let it start and drops the record just before it asks the
 * store to finish it, so a breach is never reported falsely (the next winner can only win after
 * the finish) and is found whenever the two records overlap.
 *
 * <p>Used by the in-memory store's test and the PostgreSQL store's test (several replicas on one
 * database), which adds its own checks of each committed state ({@link #run}'s {@code check}).
 */
public final class StoreWorkload {
  private final String[] instances;
  private final String[] bindings;
  private final int callsPerWorker;
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> breaches = new ConcurrentLinkedQueue<>();
  /** Running operations the workers hold, by instance id (guarded by itself). */
  private final Map<String, List<StoredOperation>> running = new HashMap<>();

  /**
   * A workload on these ids.
   *
   * @param instances the instance ids the workers pick from
   * @param bindings the binding ids the workers pick from (under each instance)
   * @param callsPerWorker store calls each worker makes before it finishes what it holds
   */
  public StoreWorkload(String[] instances, String[] bindings, int callsPerWorker) {
    this.instances = instances.clone();
    this.bindings = bindings.clone();
    this.callsPerWorker = callsPerWorker;
  }

  /** Something checked again and again while the workers run. */
  @FunctionalInterface
  public interface Check {
    /**
     * Checks once.
     *
     * @throws Exception when the check cannot be made (fails the run)
     */
    void run() throws Exception;
  }

  /**
   * Runs the workload: {@code workers} threads start at once, worker {@code w} calling
   * {@code stores.get(w % stores.size())}, while one more thread runs {@code check} again and
   * again until they are done.
   *
   * @param stores the stores (replicas' views of one store) the workers call in turn
   * @param workers how many workers
   * @param check run repeatedly while the workers run, on its own thread
   * @return how many times {@code check} ran
   * @throws Exception what a worker or the check threw, or a timeout (3 minutes)
   */
  public int run(List<BrokerStore> stores, int workers, Check check) throws Exception {
    AtomicBoolean working = new AtomicBoolean(true);
    AtomicInteger checks = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Future<?> checker = pool.submit(() -> {
        start.await();
        while (working.get()) {
          check.run();
          checks.incrementAndGet();
        }
        return null;
      });
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Worker worker = new Worker(w, stores.get(w % stores.size()));
        running.add(pool.submit(() -> {
          start.await();
          worker.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : running) {
        f.get(3, TimeUnit.MINUTES);
      }
      working.set(false);
      checker.get(1, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    return checks.get();
  }

  /** @return operations the store let the workers start */
  public int started() {
    return started.get();
  }

  /** @return operations the workers finished (the store answered true) */
  public int finished() {
    return finished.get();
  }

  /** @return each time two conflicting operations were let run at once, described */
  public List<String> breaches() {
    return List.copyOf(breaches);
  }

  /**
   * What the store holds once every worker is done: no operation runs, no row is left in a
   * passing state, and no binding lives under an instance whose provision failed.
   *
   * @param store the store to read
   * @return what is wrong, described; empty when all is well
   */
  public List<String> leftovers(BrokerStore store) {
    List<String> wrong = new ArrayList<>();
    for (String iid : instances) {
      store.runningOperation(iid).ifPresent(op -> wrong.add("still running: " + op));
      StoredInstance instance = store.findInstance(iid).orElse(null);
      if (instance != null && (instance.status() == InstanceStatus.PROVISIONING
          || instance.status() == InstanceStatus.DEPROVISIONING)) {
        wrong.add("instance left " + instance.status() + ": " + iid);
      }
      for (String bid : bindings) {
        StoredBinding binding = store.findBinding(iid, bid).orElse(null);
        if (binding == null) {
          continue;
        }
        if (binding.status() != BindingStatus.READY) {
          wrong.add("binding left " + binding.status() + ": " + iid + "/" + bid);
        }
        if (instance != null && instance.status() == InstanceStatus.PROVISION_FAILED) {
          wrong.add("binding " + iid + "/" + bid + " under a failed provision");
        }
      }
    }
    return wrong;
  }

  private void hold(StoredOperation op) {
    started.incrementAndGet();
    synchronized (running) {
      List<StoredOperation> onInstance =
          running.computeIfAbsent(op.instanceId(), k -> new ArrayList<>());
      for (StoredOperation other : onInstance) {
        boolean conflict = op.bindingId() == null || other.bindingId() == null
            || op.bindingId().equals(other.bindingId());
        if (conflict) {
          breaches.add(op.type() + " " + where(op) + " (" + op.id() + ") started while "
              + other.type() + " " + where(other) + " (" + other.id() + ") ran");
        }
      }
      onInstance.add(op);
    }
  }

  private void release(StoredOperation op) {
    synchronized (running) {
      running.get(op.instanceId()).remove(op);
    }
  }

  private static String where(StoredOperation op) {
    return op.bindingId() == null ? op.instanceId() : op.instanceId() + "/" + op.bindingId();
  }

  /** One worker: random calls on one store, finishing only the operations it started. */
  private final class Worker {
    private final Random random;
    private final String owner;
    private final BrokerStore store;
    private final List<StoredOperation> mine = new ArrayList<>();
    private int serial;

    Worker(int index, BrokerStore store) {
      this.random = new Random(index);
      this.owner = "worker-" + index;
      this.store = store;
    }

    private <T> T pick(T[] values) {
      return values[random.nextInt(values.length)];
    }

    private Instant now() {
      return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private StoredOperation op(String iid, String bid, OperationType type) {
      return StoredOperation.start(owner + "-" + serial++, iid, bid, type, "fp", owner,
          now().plusSeconds(300), null, null, now());
    }

    private void won(StoredOperation op) {
      hold(op);
      mine.add(op);
    }

    void run() {
      for (int i = 0; i < callsPerWorker; i++) {
        String iid = pick(instances);
        String bid = pick(bindings);
        switch (random.nextInt(6)) {
          case 0 -> {
            StoredOperation op = op(iid, null, OperationType.PROVISION);
            Instant now = now();
            if (store.claimInstance(new StoredInstance(iid, "svc", "plan", "fp", null, null,
                null, null, null, null, null, InstanceStatus.PROVISIONING, true, now, now, now),
                op) instanceof Claim.Won) {
              won(op);
            }
          }
          case 1 -> {
            StoredOperation op = op(iid, bid, OperationType.BIND);
            if (store.claimBinding(new StoredBinding(iid, bid, "svc", "plan", "fp", null, null,
                null, null, null, null, BindingStatus.BINDING, now()), op)
                instanceof Claim.Won) {
              won(op);
            }
          }
          case 2 -> {
            OperationType type = pick(new OperationType[] {OperationType.UPDATE,
                OperationType.DEPROVISION, OperationType.UNBIND});
            StoredOperation op = op(iid, type.onBinding() ? bid : null, type);
            if (store.beginOperation(op) instanceof Begin.Started) {
              won(op);
            }
          }
          default -> finishOne();
        }
      }
      while (!mine.isEmpty()) {
        finishOne();
      }
    }

    private void finishOne() {
      if (mine.isEmpty()) {
        return;
      }
      StoredOperation op = mine.remove(random.nextInt(mine.size()));
      boolean ok = random.nextInt(4) != 0;
      Instant now = now();
      Function<InstanceStatus, Finish.RowChange<StoredInstance>> instanceTo = status ->
          store.findInstance(op.instanceId())
              .<Finish.RowChange<StoredInstance>>map(r -> Finish.RowChange.put(
                  r.withStatus(status, now))).orElse(Finish.RowChange.none());
      Function<BindingStatus, Finish.RowChange<StoredBinding>> bindingTo = status ->
          store.findBinding(op.instanceId(), op.bindingId())
              .<Finish.RowChange<StoredBinding>>map(r -> Finish.RowChange.put(
                  r.withStatus(status))).orElse(Finish.RowChange.none());
      Finish.RowChange<StoredInstance> instance = Finish.RowChange.none();
      Finish.RowChange<StoredBinding> binding = Finish.RowChange.none();
      switch (op.type()) {
        case PROVISION -> instance = ok ? instanceTo.apply(InstanceStatus.READY)
            : random.nextBoolean() ? Finish.RowChange.delete()
            : instanceTo.apply(InstanceStatus.PROVISION_FAILED);
        case UPDATE -> instance = ok ? instanceTo.apply(InstanceStatus.READY)
            : Finish.RowChange.none();
        case DEPROVISION -> instance = ok ? Finish.RowChange.delete()
            : instanceTo.apply(InstanceStatus.READY);
        case BIND -> binding = ok ? bindingTo.apply(BindingStatus.READY)
            : Finish.RowChange.delete();
        case UNBIND -> binding = ok ? Finish.RowChange.delete()
            : bindingTo.apply(BindingStatus.READY);
        default -> throw new IllegalStateException(op.type().toString());
      }
      release(op); // before the store lets the next one win
      if (store.finishOperation(new Finish(op.id(), owner, op.attempt(),
          ok ? OperationStatus.SUCCEEDED : OperationStatus.FAILED, null, null, null,
          random.nextBoolean(), instance, binding, now))) {
        finished.incrementAndGet();
      }
    }
  }
}
