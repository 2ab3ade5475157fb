/**
 * The SDK's state on PostgreSQL: {@link io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore},
 * {@link io.github.osbsdk.broker.store.jdbc.PostgresSsoKeyStore} and the
 * {@link io.github.osbsdk.broker.store.jdbc.Migrations} that create their tables; and
 * {@link io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox} for broker-metering.
 */
module io.github.osbsdk.broker.store.jdbc {
  requires transitive java.sql;
  requires transitive io.github.osbsdk.broker.core;
  requires io.github.osbsdk.broker.api;
  requires org.slf4j;
  // optional: PostgresSsoKeyStore implements broker-iam's SsoKeyStore, and the metering package
  // broker-metering's UsageOutbox; whoever uses them requires that module too. Not transitive:
  // javac would then demand both modules from every user of this one
  requires static io.github.osbsdk.broker.iam;
  requires static io.github.osbsdk.broker.metering;
  // LISTEN/NOTIFY for the copies of operations in progress; without pgjdbc none are made
  requires static org.postgresql.jdbc;

  exports io.github.osbsdk.broker.store.jdbc;
  exports io.github.osbsdk.broker.store.jdbc.metering;
  // the SQL migrations, for Flyway or Liquibase on the module path
  opens db.migration.osb;
}
