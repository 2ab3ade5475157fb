/**
 * An in-process IBM Cloud IAM simulator for tests: {@link
 * io.github.osbsdk.broker.testkit.iam.IamSimulator} serves IAM's JWKS
 * ({@code /identity/keys}), token ({@code /identity/token}, API-key and authorization-code
 * grants), authorize, OpenID discovery and {@code /v2/authz} endpoints over real HTTP on
 * {@code 127.0.0.1}, signs IAM-shaped tokens ({@link
 * io.github.osbsdk.broker.testkit.iam.IamTokenBuilder}), decides policy checks from
 * {@code permit(...)} rules, rotates keys, counts requests and injects faults ({@link
 * io.github.osbsdk.broker.testkit.iam.IamFaults}).
 *
 * <p>Use it to test IAM bearer validation, service ID token fetching, {@code v2/authz} checks
 * and the dashboard SSO flow without network access. It is test infrastructure only: keys are
 * generated per simulator and held in memory, and secrets are compared in constant time but
 * not otherwise protected.
 */
package io.github.osbsdk.broker.testkit.iam;
