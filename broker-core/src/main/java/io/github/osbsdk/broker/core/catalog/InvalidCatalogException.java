package io.github.osbsdk.broker.core.catalog;

import java.util.Objects;

/**
 * Thrown when a broker is built with a catalog that has errors; the message lists every error
 * (warnings are only logged) and {@link #report()} gives the full report.
 */
public final class InvalidCatalogException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The report; transient because problem lists are not meant to travel by serialization. */
  private final transient CatalogReport report;

  /**
   * Builds the exception for a report that has errors.
   *
   * @param report a report with at least one error
   * @throws IllegalArgumentException when the report has no errors: a catalog with only
   *     warnings is valid, and an exception saying "0 error(s)" would stop a broker for nothing
   */
  public InvalidCatalogException(CatalogReport report) {
    super(message(Objects.requireNonNull(report, "report == null")));
    this.report = report;
  }

  private static String message(CatalogReport report) {
    if (report.isValid()) {
      throw new IllegalArgumentException("not an invalid catalog: the report has no errors ("
          + report.warnings().size() + " warning(s)); only errors make a catalog invalid");
    }
    StringBuilder sb = new StringBuilder("invalid catalog: ").append(report.errors().size())
        .append(" error(s)");
    for (CatalogProblem p : report.errors()) {
      sb.append("\n  ").append(p.path().isEmpty() ? "catalog" : p.path()).append(": ")
          .append(p.message());
    }
    return sb.toString();
  }

  /**
   * Every problem found in the catalog the broker refused to serve.
   *
   * @return the validation report (null only after deserialization)
   */
  public CatalogReport report() {
    return report;
  }
}
