/**
 * Serving a {@link io.github.osbsdk.broker.api.ServiceBroker} in any Jakarta REST container:
 * {@link io.github.osbsdk.broker.core.Broker}, authentication, the catalog validator and the
 * {@link io.github.osbsdk.broker.core.store.BrokerStore} SPI. The resources, filters and providers
 * live in the internal package, which is opened (not exported) so containers can call them.
 */
module io.github.osbsdk.broker.core {
  requires transitive io.github.osbsdk.broker.api;
  // the container provides the Jakarta REST API at run time (and its users name it themselves;
  // Broker.application() returns its Application). Not transitive: javac would then demand it
  // from every module that reads this one, broker-metering's users included
  requires static jakarta.ws.rs;
  requires static jakarta.annotation;
  requires com.fasterxml.jackson.databind;
  requires com.networknt.schema;
  // an automatic module: re2j 1.8's jar names no module, so its file name does
  requires re2j;
  requires org.slf4j;
  // meters only when the user passes a MeterRegistry
  requires static micrometer.core;
  // internal.http.BoundedHttp, for the SDK's HTTP clients in broker-iam, broker-metering and
  // broker-testkit, which require java.net.http themselves; broker-core never loads it
  requires static java.net.http;

  exports io.github.osbsdk.broker.core;
  exports io.github.osbsdk.broker.core.auth;
  exports io.github.osbsdk.broker.core.catalog;
  exports io.github.osbsdk.broker.core.health;
  exports io.github.osbsdk.broker.core.store;
  // JAX-RS containers call the resources and filters, Jackson writes the wire bodies
  opens io.github.osbsdk.broker.core.internal;
  opens io.github.osbsdk.broker.core.internal.metrics;
  // MeterRegistries, for the SDK's modules whose builders take a registry; not API
  exports io.github.osbsdk.broker.core.internal.metrics to
      io.github.osbsdk.broker.iam,
      io.github.osbsdk.broker.metering;
  // bounded HTTP exchanges, for the SDK's own clients; not API
  exports io.github.osbsdk.broker.core.internal.http to
      io.github.osbsdk.broker.iam,
      io.github.osbsdk.broker.metering,
      io.github.osbsdk.broker.testkit;
  // the shared clock's readings, for broker-store-jdbc's copies of operations; not API
  exports io.github.osbsdk.broker.core.internal.time to io.github.osbsdk.broker.store.jdbc;
  // the compiled parameter schemas, for the kit's check of the samples it sends; not API
  exports io.github.osbsdk.broker.core.internal.schema to io.github.osbsdk.broker.testkit;
}
