package io.github.osbsdk.broker.core.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects problems in the order they are found, knowing which required texts the JSON of the
 * catalog lacked or left blank (the records, which refuse those, hold a stand-in).
 */
final class Problems {
  private final List<CatalogProblem> errors = new ArrayList<>();
  private final List<CatalogProblem> warnings = new ArrayList<>();
  private final Set<String> missing;
  private final Map<String, String> blank;

  Problems() {
    this(Set.of(), Map.of());
  }

  Problems(Set<String> missing, Map<String, String> blank) {
    this.missing = missing;
    this.blank = blank;
  }

  /** Whether the JSON lacked the required text at this path. */
  boolean missing(String path) {
    return missing.contains(path);
  }

  /** The text the JSON held at this path: the blank one a stand-in replaced, else {@code value}. */
  String given(String path, String value) {
    return blank.getOrDefault(path, value);
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
