/**
 * The OSB catalog ({@code GET /v2/catalog}): services, plans, schemas, maintenance info.
 *
 * <p>Catalog records are deliberately lenient: their constructors accept missing required fields
 * so that the SDK's catalog validator can list every problem of a catalog at once (for example one
 * exported from IBM Cloud Partner Center) instead of failing on the first. Lists and maps are
 * copied into unmodifiable collections; absent optional values are null and omitted from JSON.
 */
package io.github.osbsdk.broker.api.catalog;
