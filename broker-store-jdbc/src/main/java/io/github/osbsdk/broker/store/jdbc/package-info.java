/**
 * The SDK's state on PostgreSQL 13+ over plain JDBC:
 * {@link io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore} (instances, bindings and
 * operations, shared by every replica),
 * {@link io.github.osbsdk.broker.store.jdbc.PostgresSsoKeyStore} (dashboard SSO keys; needs
 * {@code broker-iam}, an optional dependency: add it to the build and, on the module path,
 * require {@code io.github.osbsdk.broker.iam} as well) and
 * {@link io.github.osbsdk.broker.store.jdbc.Migrations}, which applies the versioned SQL files
 * shipped under {@code db/migration/osb} (Flyway names, so Flyway or Liquibase can apply them
 * instead).
 *
 * <pre>{@code
 * HikariDataSource ds = new HikariDataSource();
 * ds.setJdbcUrl("jdbc:postgresql://db:5432/broker?socketTimeout=20");
 * ds.setConnectionTimeout(5_000);
 * Migrations.apply(ds);
 * BrokerStore store = PostgresBrokerStore.builder(ds).build();
 * }</pre>
 */
package io.github.osbsdk.broker.store.jdbc;
