/**
 * The SDK's state on PostgreSQL: {@link io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore},
 * {@link io.github.osbsdk.broker.store.jdbc.PostgresSsoKeyStore} and the
 * {@link io.github.osbsdk.broker.store.jdbc.Migrations} that create their tables.
 */
module io.github.osbsdk.broker.store.jdbc {
  requires transitive java.sql;
  requires transitive io.github.osbsdk.broker.core;
  requires io.github.osbsdk.broker.api;
  requires org.slf4j;
  requires static io.github.osbsdk.broker.iam;

  exports io.github.osbsdk.broker.store.jdbc;
}
