package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.internal.check.Check;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

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
      List<String> close = CloseNames.closest(u, known, UnaryOperator.identity());
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
}
