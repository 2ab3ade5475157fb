/**
 * The store's versioned SQL migrations ({@code V1__registry.sql}, ...), resources of this
 * package. The module opens it, so Flyway or Liquibase on the module path can read them too.
 */
package db.migration.osb;
