package io.github.osbsdk.broker.testkit.internal.run;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The names a few letters away from a mistyped one, for the "did you mean" of a usage error: the
 * CLI's flags and the skip list's rule ids and check names. Not API.
 */
public final class CloseNames {
  private CloseNames() {}

  /**
   * @param typed what was typed, case ignored
   * @param names the names it may stand for, in the order ties are listed
   * @param compared the part of a name (and of what was typed, lower-cased) that is compared,
   *     such as a flag without its leading dashes
   * @return the names at most a quarter of the typed length (at least two) edits away,
   *     closest first, at most three
   */
  public static List<String> closest(String typed, Collection<String> names,
      UnaryOperator<String> compared) {
    String t = compared.apply(typed.toLowerCase(Locale.ROOT));
    int limit = Math.max(2, t.length() / 4);
    record Scored(String name, int distance) {}
    return names.stream()
        .map(n -> new Scored(n, distance(t, compared.apply(n.toLowerCase(Locale.ROOT)))))
        .filter(s -> s.distance() <= limit)
        .sorted(Comparator.comparingInt(Scored::distance))
        .limit(3).map(Scored::name).toList();
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitution, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
