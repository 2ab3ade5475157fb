package io.github.osbsdk.broker.core.catalog;

import io.github.osbsdk.broker.api.catalog.Catalog;
import java.util.List;

/** Checks a catalog against the OSB 2.17 specification. (Work in progress.) */
public final class CatalogValidator {
  private CatalogValidator() {}

  /**
   * @param catalog the catalog, may be null (an error)
   * @return every problem found
   */
  public static CatalogReport validate(Catalog catalog) {
    return new CatalogReport(List.of(), List.of());
  }
}
