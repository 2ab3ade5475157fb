package io.github.osbsdk.broker.core.catalog;

import java.util.List;
import java.util.Objects;

/**
 * Every problem {@link CatalogValidator} found in one catalog, errors and warnings apart, each
 * list in the order the problems appear in the catalog.
 *
 * @param errors the problems that make the catalog invalid
 * @param warnings the problems that leave it valid but break a recommendation
 */
public record CatalogReport(List<CatalogProblem> errors, List<CatalogProblem> warnings) {

  /**
   * Copies both lists and checks that each problem sits in the list of its severity.
   *
   * @param errors problems of severity {@link Severity#ERROR}
   * @param warnings problems of severity {@link Severity#WARNING}
   */
  public CatalogReport {
    errors = List.copyOf(Objects.requireNonNull(errors, "errors == null"));
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings == null"));
    for (CatalogProblem p : errors) {
      if (p.severity() != Severity.ERROR) {
        throw new IllegalArgumentException("not an error: " + p);
      }
    }
    for (CatalogProblem p : warnings) {
      if (p.severity() != Severity.WARNING) {
        throw new IllegalArgumentException("not a warning: " + p);
      }
    }
  }

  /**
   * Whether the broker may serve the catalog: no errors (warnings do not count).
   *
   * @return whether the catalog has no errors (warnings do not count)
   */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /**
   * Every problem the validator found in the catalog.
   *
   * @return every problem: errors first, then warnings
   */
  public List<CatalogProblem> problems() {
    return java.util.stream.Stream.concat(errors.stream(), warnings.stream()).toList();
  }

  /**
   * Describes the report for people: a summary line, then one line per problem.
   *
   * @return for example {@code "catalog has 1 error(s) and 0 warning(s):\n  ERROR services[0].id:
   *     must be present"}
   */
  public String describe() {
    if (errors.isEmpty() && warnings.isEmpty()) {
      return "catalog is valid, no warnings";
    }
    StringBuilder sb = new StringBuilder("catalog has ").append(errors.size())
        .append(" error(s) and ").append(warnings.size()).append(" warning(s):");
    for (CatalogProblem p : problems()) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }

  /**
   * Describes every problem, one per line.
   *
   * @return {@link #describe()}
   */
  @Override
  public String toString() {
    return describe();
  }
}
