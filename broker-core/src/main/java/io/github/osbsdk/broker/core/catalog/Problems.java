package io.github.osbsdk.broker.core.catalog;

import java.util.ArrayList;
import java.util.List;

/** Collects problems in the order they are found. */
final class Problems {
  private final List<CatalogProblem> errors = new ArrayList<>();
  private final List<CatalogProblem> warnings = new ArrayList<>();

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
