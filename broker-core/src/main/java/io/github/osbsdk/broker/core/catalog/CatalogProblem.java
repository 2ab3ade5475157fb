package io.github.osbsdk.broker.core.catalog;

import java.util.Objects;

/**
 * One problem found in a catalog by {@link CatalogValidator}.
 *
 * @param severity whether the problem is an error or a warning
 * @param path where the problem is, in JSON terms with zero-based indexes, for example
 *     {@code services[0].plans[1].maintenance_info.version}; {@code ""} for the catalog itself
 * @param message what is wrong, in plain words
 */
public record CatalogProblem(Severity severity, String path, String message) {

  /**
   * Checks that every component is present.
   *
   * @param severity whether the problem is an error or a warning
   * @param path where the problem is ({@code ""} for the catalog itself)
   * @param message what is wrong
   */
  public CatalogProblem {
    Objects.requireNonNull(severity, "severity == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(message, "message == null");
  }

  /**
   * Describes the problem in one line: severity, path in the catalog, what is wrong.
   *
   * @return {@code "ERROR services[0].id: must be present"}
   */
  @Override
  public String toString() {
    return severity + " " + (path.isEmpty() ? "catalog" : path) + ": " + message;
  }
}
