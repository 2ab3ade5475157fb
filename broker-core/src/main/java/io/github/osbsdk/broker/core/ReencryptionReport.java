package io.github.osbsdk.broker.core;

/**
 * What {@link Broker#reencryptCredentials()} did with the binding credentials stored in the
 * registry. Every stored value it examined counts in exactly one of the four figures.
 *
 * @param alreadyCurrent values the current key already opened (left as they were)
 * @param rewritten values stored under a previous key, now stored under the current key
 * @param changedMeanwhile values that changed between reading and rewriting (a binding deleted,
 *     or its value written again by a bind or by another replica's re-encryption); run again to
 *     examine what is there now
 * @param unreadable values no configured key opens (the first ten logged with their instance and
 *     binding ids); their bindings' fetches answer 500 until a key that opens them is configured
 *     again
 */
public record ReencryptionReport(int alreadyCurrent, int rewritten, int changedMeanwhile,
    int unreadable) {

  /**
   * Checks the counts.
   *
   * @param alreadyCurrent values the current key already opened (left as they were)
   * @param rewritten values stored under a previous key, now stored under the current key
   * @param changedMeanwhile values that changed between reading and rewriting (a binding deleted,
   *     or its value written again by a bind or by another replica's re-encryption); run again to
   *     examine what is there now
   * @param unreadable values no configured key opens (the first ten logged with their instance and
   *     binding ids); their bindings' fetches answer 500 until a key that opens them is configured
   *     again
   */
  public ReencryptionReport {
    if (alreadyCurrent < 0 || rewritten < 0 || changedMeanwhile < 0 || unreadable < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * How many stored values were examined.
   *
   * @return the sum of the four counts
   */
  public int examined() {
    return alreadyCurrent + rewritten + changedMeanwhile + unreadable;
  }

  /**
   * Whether every value examined is now stored under the current key: no value changed during
   * the walk and none was unreadable. Once a run is complete, with every replica writing under
   * the current key, the previous keys can be dropped.
   *
   * @return whether the run is complete
   */
  public boolean complete() {
    return changedMeanwhile == 0 && unreadable == 0;
  }
}
