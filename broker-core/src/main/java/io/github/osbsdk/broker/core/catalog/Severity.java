package io.github.osbsdk.broker.core.catalog;

/**
 * How serious a {@link CatalogProblem} is. New constants may appear in a minor release: a {@code
 * switch} over it needs a default branch.
 */
public enum Severity {
  /**
   * The catalog breaks a MUST of the OSB specification (or cannot be served safely): a broker
   * refuses to start with it.
   */
  ERROR,
  /**
   * The catalog is legal but breaks a recommendation of the OSB specification or of IBM Cloud;
   * platforms may reject or mangle it.
   */
  WARNING
}
