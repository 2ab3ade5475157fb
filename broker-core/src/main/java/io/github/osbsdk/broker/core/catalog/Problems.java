package io.github.osbsdk.broker.core.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Collects problems in the order they are found, knowing which required texts the JSON of the
 * catalog lacked (the records, which refuse null there, hold a stand-in).
 */
final class Problems {
  private final List<CatalogProblem> errors = new ArrayList<>();
  private final List<CatalogProblem> warnings = new ArrayList<>();
  private final Set<String> missing;

  Problems() {
    this(Set.of());
  }

  Problems(Set<String> missing) {
    this.missing = missing;
  }

  /** Whether the JSON lacked the required text at this path. */
  boolean missing(String path) {
    return missing.contains(path);
  }

  void error(String path, String message) {
    errors.add(new CatalogProblem(Severity.ERROR, path, message));
  }

  void warning(String path, String message) {
    warnings.add(new CatalogProblem(Severity.WARNING, path, message));
  }

  CatalogReport report() {
    return new CatalogReport(errors, warnings);
  }
}
