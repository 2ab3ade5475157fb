package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.internal.check.Check;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses a skip list naming something that is neither a rule id nor a planned check, so that a
 * typo does not leave a rule running that the user believes skipped.
 */
final class SkipNames {
  private SkipNames() {}

  /**
   * @param skips the names to skip
   * @param checks the planned checks
   * @param catalogRead whether the checks were planned from the broker's catalog (else per-plan
   *     names cannot be known, and {@code RULE[...]} of a known rule passes)
   * @throws IllegalArgumentException naming every unknown name, with close matches
   */
  static void requireKnown(Set<String> skips, List<Check> checks, boolean catalogRead) {
    Set<String> ruleIds = new LinkedHashSet<>();
    for (Rule r : Rule.values()) {
      ruleIds.add(r.id());
    }
    Set<String> known = new LinkedHashSet<>(ruleIds);
    checks.forEach(c -> known.add(c.name()));
    List<String> unknown = new ArrayList<>();
    for (String s : skips) {
      int bracket = s.indexOf('[');
      boolean perPlanOfKnownRule = bracket > 0 && s.endsWith("]")
          && ruleIds.contains(s.substring(0, bracket));
      if (!known.contains(s) && !(perPlanOfKnownRule && !catalogRead)) {
        unknown.add(s);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("skip names no rule id and no check of this run: ");
    boolean unmatched = false;
    for (int i = 0; i < unknown.size(); i++) {
      String u = unknown.get(i);
      List<String> close = closeMatches(u, known);
      sb.append(i == 0 ? "" : ", ").append('\'').append(u).append('\'');
      if (close.isEmpty()) {
        unmatched = true;
      } else {
        sb.append(" (did you mean ").append(String.join(" or ", close)).append("?)");
      }
    }
    sb.append("; nothing was run");
    if (unmatched) {
      sb.append(". Rule ids: ").append(String.join(", ", ruleIds)).append("; a check name is a"
          + " rule id with [service/plan], as the report prints it");
    }
    throw new IllegalArgumentException(sb.toString());
  }

  private static List<String> closeMatches(String name, Set<String> known) {
    String n = name.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, n.length() / 4);
    return known.stream().filter(k -> distance(n, k.toLowerCase(Locale.ROOT)) <= limit)
        .sorted(Comparator.comparingInt(k -> distance(n, k.toLowerCase(Locale.ROOT))))
        .limit(3).toList();
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
