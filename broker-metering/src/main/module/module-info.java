/**
 * Usage reporting to IBM Cloud's metering API: records, meter, durable outbox SPI and sender.
 */
module io.github.osbsdk.broker.metering {
  requires transitive io.github.osbsdk.broker.api;
  requires io.github.osbsdk.broker.iam;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static micrometer.core;

  exports io.github.osbsdk.broker.metering;
  // Jackson reads and writes the wire records
  opens io.github.osbsdk.broker.metering.internal to com.fasterxml.jackson.databind;
}
