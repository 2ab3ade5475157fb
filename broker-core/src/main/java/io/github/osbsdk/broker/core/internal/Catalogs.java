package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.core.catalog.CatalogProblem;
import io.github.osbsdk.broker.core.catalog.CatalogReport;
import io.github.osbsdk.broker.core.catalog.CatalogValidator;
import io.github.osbsdk.broker.core.catalog.InvalidCatalogException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current catalog snapshot. The catalog is fetched from the provider when the broker is
 * built and on each {@code GET /v2/catalog}; a new instance is validated and compiled once, the
 * same instance is served from the cached snapshot.
 */
public final class Catalogs {
  private static final Logger LOG = LoggerFactory.getLogger(Catalogs.class);
  private final ServiceBroker broker;
  private final ObjectMapper mapper;
  private final AtomicReference<CatalogSnapshot> current = new AtomicReference<>();

  /**
   * Validates the provider's catalog.
   *
   * @param broker the provider
   * @param mapper the shared mapper
   * @throws InvalidCatalogException when the catalog has errors
   */
  public Catalogs(ServiceBroker broker, ObjectMapper mapper) {
    this.broker = broker;
    this.mapper = mapper;
    current.set(build(broker.catalog()));
  }

  private CatalogSnapshot build(Catalog catalog) {
    CatalogReport report = CatalogValidator.validate(catalog);
    for (CatalogProblem p : report.warnings()) {
      LOG.warn("Catalog warning: {}", p);
    }
    if (!report.isValid()) {
      throw new InvalidCatalogException(report);
    }
    return new CatalogSnapshot(catalog, mapper);
  }

  /** @return the snapshot last served (used to validate requests) */
  public CatalogSnapshot current() {
    return current.get();
  }

  /**
   * @return the provider's current catalog; validated, serialized and compiled again only when it
   *     differs from the last one (records compare by value)
   */
  public CatalogSnapshot refresh() {
    CatalogSnapshot snapshot = current.get();
    Catalog catalog = broker.catalog();
    if (catalog == null) {
      throw new IllegalStateException("ServiceBroker implementation error: catalog() returned"
          + " null");
    }
    if (catalog == snapshot.catalog() || catalog.equals(snapshot.catalog())) {
      return snapshot;
    }
    CatalogSnapshot fresh = build(catalog);
    current.set(fresh);
    return fresh;
  }
}
