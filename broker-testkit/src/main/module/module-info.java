/**
 * The conformance kit of osb-broker-sdk: the JUnit and CLI runners, the typed OSB client, the
 * fake broker and the in-process IAM and metering simulators.
 */
module io.github.osbsdk.broker.testkit {
  requires transitive io.github.osbsdk.broker.core;
  requires transitive org.junit.jupiter.api;
  requires transitive com.nimbusds.jose.jwt;
  // OsbClient.send and OsbResponse.json hand out Jackson's JsonNode
  requires transitive com.fasterxml.jackson.databind;
  requires org.junit.platform.launcher;
  requires static org.junit.platform.reporting;
  requires org.slf4j;
  // checks the parameter samples it makes as broker-core checks parameters
  requires com.networknt.schema;
  // OsbClientBuilder takes a java.net.http.HttpClient
  requires transitive java.net.http;
  requires jdk.httpserver;
  // the in-process runner's container (Jersey + Grizzly) is optional and reached by reflection
  // (internal.run.InProcessServer): Jersey's jars have no module name, and requiring them by
  // their file names would make this descriptor unpublishable

  exports io.github.osbsdk.broker.testkit;
  exports io.github.osbsdk.broker.testkit.cli;
  exports io.github.osbsdk.broker.testkit.client;
  exports io.github.osbsdk.broker.testkit.fake;
  exports io.github.osbsdk.broker.testkit.iam;
  exports io.github.osbsdk.broker.testkit.metering;
  // JUnit discovers the kit's tests, Jackson reads and writes its records
  opens io.github.osbsdk.broker.testkit.internal.check;
  opens io.github.osbsdk.broker.testkit.internal.client;
  opens io.github.osbsdk.broker.testkit.internal.report;
  opens io.github.osbsdk.broker.testkit.internal.run;
  opens io.github.osbsdk.broker.testkit.client;
}
