/**
 * Usage reporting to IBM Cloud's metering API: records, meter, durable outbox SPI and sender.
 */
module io.github.osbsdk.broker.metering {
  requires transitive io.github.osbsdk.broker.api;
  // ServiceIdTokenProvider, core's HealthCheck and java.net.http's HttpClient are in signatures
  requires transitive io.github.osbsdk.broker.iam;
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static micrometer.core;

  exports io.github.osbsdk.broker.metering;
  // Jackson reads and writes the wire records
  opens io.github.osbsdk.broker.metering.internal to com.fasterxml.jackson.databind;
  // Windows, for the PostgreSQL outbox; not API
  exports io.github.osbsdk.broker.metering.internal to io.github.osbsdk.broker.store.jdbc;
}
