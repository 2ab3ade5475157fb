/**
 * IBM Cloud IAM for osb-broker-sdk: bearer-token authentication, service-ID tokens, the
 * {@code v2/authz} client and dashboard single sign-on.
 */
module io.github.osbsdk.broker.iam {
  requires transitive io.github.osbsdk.broker.core;
  // no Nimbus type is in a signature: the JWS processing is internal
  requires com.nimbusds.jose.jwt;
  requires static jakarta.ws.rs;
  // IamConfig takes and returns a java.net.http.HttpClient
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static micrometer.core;

  exports io.github.osbsdk.broker.iam;
  // the dashboard SSO resource is called by the JAX-RS container
  opens io.github.osbsdk.broker.iam.internal;
}
