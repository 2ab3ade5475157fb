/**
 * The conformance kit of osb-broker-sdk: the JUnit and CLI runners, the typed OSB client, the
 * fake broker and the in-process IAM and metering simulators.
 */
module io.github.osbsdk.broker.testkit {
  requires transitive io.github.osbsdk.broker.core;
  requires transitive org.junit.jupiter.api;
  requires transitive com.nimbusds.jose.jwt;
  requires com.fasterxml.jackson.databind;
  requires org.junit.platform.launcher;
  requires static org.junit.platform.reporting;
  requires org.slf4j;
  requires java.net.http;
  requires jdk.httpserver;
  // the in-process runner's container: optional, named only when present
  requires static jersey.server;
  requires static jersey.container.grizzly2.http;
  requires static org.glassfish.grizzly.http.server;
  requires static org.glassfish.grizzly.http;

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
