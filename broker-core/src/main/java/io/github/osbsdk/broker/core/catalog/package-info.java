/**
 * Catalog validation: {@link io.github.osbsdk.broker.core.catalog.CatalogValidator} checks an
 * OSB 2.17 catalog against the rules of the Open Service Broker API specification ("Catalog
 * Management" section of {@code spec.md}) and IBM Cloud's recommendations, listing every problem
 * at once in a {@link io.github.osbsdk.broker.core.catalog.CatalogReport}. A
 * {@link io.github.osbsdk.broker.core.Broker} refuses a catalog with errors by throwing
 * {@link io.github.osbsdk.broker.core.catalog.InvalidCatalogException}.
 *
 * <pre>{@code
 * CatalogReport report = CatalogValidator.validate(catalog);
 * if (!report.isValid()) {
 *   System.err.println(report.describe());
 * }
 * }</pre>
 */
package io.github.osbsdk.broker.core.catalog;
