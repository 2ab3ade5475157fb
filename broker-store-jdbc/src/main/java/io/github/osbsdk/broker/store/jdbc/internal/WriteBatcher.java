package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes of one kind that arrive while another one runs go to the database together, in one
 * statement and one commit. No thread of its own and no timer: a caller that finds fewer than
 * {@code maxInFlight} writes running writes at once, alone, with the single-row statement;
 * callers that come while that many run queue, and the first of them to wake when one is done
 * writes the queue (up to {@code maxBatch}, one write per key) as one batch for all of them.
 * Under no load a write costs what it did before; under load one commit carries several writes,
 * and the database does a fraction of the per-statement work for each.
 *
 * <p>A batch that fails for anything but the database's availability (a unique violation, a
 * row that breaks a constraint) is not retried as a batch: each of its writes is then written
 * alone, so that only the one at fault fails. An {@link Error} thrown while a batch is written
 * goes up the call of the write that led it; the batch's other writes are written alone. A
 * batch that fails because the database is unavailable fails each of its callers with that
 * error at once, and so does any write that fails for that reason: the writes queued behind it
 * fail with it instead of waiting for their own timeout in turn (with many callers queued,
 * rounds of timeouts would add up beyond the 30 s within which an OSB call must be answered).
 *
 * @param <T> what a caller writes
 */
public final class WriteBatcher<T> {
  /** Writes a batch of at least two. */
  @FunctionalInterface
  public interface BatchWork<T> {
    /**
     * Writes the batch in one statement.
     *
     * @param batch the writes, at most one per key
     * @return the keys of the writes that were applied
     */
    Set<String> run(List<T> batch);
  }

  private final int maxBatch;
  private final int maxInFlight;
  private final Function<T, String> key;
  private final BatchWork<T> batchWork;
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private int running;

  /**
   * Creates a batcher.
   *
   * @param maxBatch at most this many writes in one batch; 1 writes each alone
   * @param key the key of a write: a batch takes at most one write per key, the others wait for
   *     the next one
   * @param maxInFlight at most this many writes or batches run at once; the others queue
   * @param batchWork writes a batch
   */
  public WriteBatcher(int maxBatch, Function<T, String> key, int maxInFlight,
      BatchWork<T> batchWork) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.key = key;
    this.batchWork = batchWork;
  }

  /** One caller's write and, once its batch ran, what became of it. */
  private static final class Pending<T> {
    final T item;
    /** Set when the batch ran: applied or not. */
    Boolean applied;
    /** Set when the batch failed for lack of the database. */
    RuntimeException failure;
    /** Set when the batch failed otherwise: write it alone. */
    boolean alone;
    /** Set when a batch took it: its caller waits for that batch, never leads another. */
    boolean taken;

    Pending(T item) {
      this.item = item;
    }

    boolean done() {
      return applied != null || failure != null || alone;
    }
  }

  /**
   * Writes {@code item}: alone when nothing else runs, else in the next batch.
   *
   * @param item the write
   * @param aloneWork writes one item with the single-row statement; true when applied
   * @return whether the write was applied (a row won, an operation finished)
   * @throws StoreUnavailableException when the database is unavailable
   * @throws IllegalStateException when the thread is interrupted while it waits
   */
  public boolean write(T item, Predicate<T> aloneWork) {
    if (maxBatch == 1) {
      return aloneWork.test(item);
    }
    Pending<T> me = new Pending<>(item);
    List<Pending<T>> batch;
    synchronized (queue) {
      if (running >= maxInFlight || !queue.isEmpty()) {
        queue.add(me);
        while (!me.done() && (me.taken || running >= maxInFlight)) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            queue.remove(me);
            queue.notifyAll();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to write", e);
          }
        }
        if (!me.done()) {
          queue.remove(me);
        }
      }
      if (me.done()) {
        return result(me, aloneWork);
      }
      running++;
      batch = take(me);
    }
    if (batch.size() == 1) {
      StoreUnavailableException unavailable = null;
      try {
        return aloneWork.test(item);
      } catch (StoreUnavailableException e) {
        unavailable = e;
        throw e;
      } finally {
        release(unavailable);
      }
    }
    runBatch(batch);
    return result(me, aloneWork);
  }

  /** Takes {@code me} and then the queue in order, one write per key, up to the maximum. */
  private List<Pending<T>> take(Pending<T> me) {
    List<Pending<T>> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
    me.taken = true;
    batch.add(me);
    if (queue.isEmpty()) {
      return batch;
    }
    Set<String> keys = new HashSet<>();
    keys.add(key.apply(me.item));
    for (Iterator<Pending<T>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch;) {
      Pending<T> p = it.next();
      if (keys.add(key.apply(p.item))) {
        p.taken = true;
        batch.add(p);
        it.remove();
      }
    }
    return batch;
  }

  private void runBatch(List<Pending<T>> batch) {
    Set<String> applied = null;
    RuntimeException failure = null;
    try {
      List<T> items = new ArrayList<>(batch.size());
      for (Pending<T> p : batch) {
        items.add(p.item);
      }
      // in key order: two batches at once that share keys then lock their rows in the same
      // order, where arrival order could make each wait for the other (a deadlock, 40P01)
      items.sort(Comparator.comparing(key));
      applied = batchWork.run(items);
    } catch (StoreUnavailableException e) {
      failure = e;
    } catch (RuntimeException e) {
      // a row at fault, or a race the batch lost: each write alone tells which
    } finally {
      // also after an Error, which goes on up the call of the write that led the batch: the
      // batch's other writes are then written alone, and the writes queued behind go on
      ended(batch, applied, failure);
    }
  }

  /** Tells each write of a batch what became of it, and lets the next batch start. */
  private void ended(List<Pending<T>> batch, Set<String> applied, RuntimeException failure) {
    synchronized (queue) {
      for (Pending<T> p : batch) {
        if (failure != null) {
          p.failure = failure;
        } else if (applied == null) {
          p.alone = true;
        } else {
          p.applied = applied.contains(key.apply(p.item));
        }
      }
      if (failure != null) {
        failQueued(failure);
      }
      running--;
      queue.notifyAll();
    }
  }

  /**
   * Fails every write still queued: the database is unavailable, and a caller that waited for a
   * batch must not then wait for its own timeout as well (each answers 503 within one timeout).
   */
  private void failQueued(RuntimeException failure) {
    for (Pending<T> p : queue) {
      p.failure = failure;
    }
    queue.clear();
  }

  /**
   * How many writes wait (for tests).
   *
   * @return the queue's length
   */
  int queued() {
    synchronized (queue) {
      return queue.size();
    }
  }

  /** Ends a write that ran alone while the others queued. */
  private void release(StoreUnavailableException unavailable) {
    synchronized (queue) {
      if (unavailable != null) {
        failQueued(unavailable);
      }
      running--;
      queue.notifyAll();
    }
  }

  private static <T> boolean result(Pending<T> p, Predicate<T> aloneWork) {
    if (p.failure != null) {
      throw p.failure;
    }
    if (p.alone) {
      return aloneWork.test(p.item);
    }
    return p.applied;
  }
}
