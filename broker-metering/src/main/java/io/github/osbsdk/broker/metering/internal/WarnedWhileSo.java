package io.github.osbsdk.broker.metering.internal;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Warns of each thing (a window left open, a held window left held, ...) once while it stays
 * so, not at every tick: each round (a close, a release) names the things it found so; those
 * the last round did not name are warned of, and one a round no longer names is forgotten, so
 * that it is warned of again if it comes back. Thread-safe.
 *
 * @param <K> what is warned of, e.g. a window ({@link Windows#of})
 */
public final class WarnedWhileSo<K> {
  private Set<K> last = Set.of(); // guarded by this

  /**
   * Ends a round: warns of each thing of {@code found} the last round did not find, and keeps
   * {@code found} for the next round.
   *
   * @param found the things found so in this round
   * @param warn logs one new thing
   */
  public synchronized void round(Collection<K> found, Consumer<K> warn) {
    for (K k : found) {
      if (!last.contains(k)) {
        warn.accept(k);
      }
    }
    last = Set.copyOf(found);
  }

  /**
   * Tells whether the last round found a thing so.
   *
   * @param k the thing
   * @return true when it did
   */
  public synchronized boolean contains(K k) {
    return last.contains(k);
  }

  /**
   * Returns how many things the last round found so.
   *
   * @return the number
   */
  public synchronized int size() {
    return last.size();
  }
}
