/**
 * An in-process IBM Cloud IAM simulator for tests: {@link
 * io.github.osbsdk.broker.testkit.iam.IamSimulator} serves IAM's JWKS
 * ({@code GET /identity/keys}), token ({@code POST /identity/token}, API-key and
 * authorization-code grants), authorize ({@code GET /identity/authorize}), OpenID discovery
 * ({@code GET /identity/.well-known/openid-configuration}) and policy decision
 * ({@code POST /v2/authz}) endpoints over real HTTP on {@code 127.0.0.1}, signs IAM-shaped RS256
 * tokens ({@link io.github.osbsdk.broker.testkit.iam.IamTokenBuilder}), decides policy checks
 * from {@code permit(...)} rules (everything else is denied), rotates keys, counts requests and
 * injects faults ({@link io.github.osbsdk.broker.testkit.iam.IamFaults}).
 *
 * <p>Bearer validation (the platform calling your broker):
 * <pre>{@code
 * try (IamSimulator iam = IamSimulator.start()) {
 *     // configure the broker with IAM URL iam.baseUrl() and allow "crn-" + brokerCrn
 *     String platform = iam.token().iamId("crn-" + brokerCrn).sign();   // accepted
 *     String expired = iam.token().iamId("crn-" + brokerCrn)
 *             .expiresIn(Duration.ofMinutes(-5)).sign();                 // refused: 401
 *     String stranger = iam.serviceIdToken("iam-ServiceId-other");         // refused: 403
 * }
 * }</pre>
 *
 * <p>Service ID token, {@code v2/authz} and dashboard single sign-on:
 * <pre>{@code
 * iam.registerApiKey("broker-api-key", "iam-ServiceId-broker")
 *    .registerClient("dashboard-client", "client-secret",
 *        URI.create(brokerUrl + "/dashboard/callback"))   // the SSO's redirect URI, exactly
 *    .loginAs("IBMid-5500000ABC", "account-1")
 *    .permit("IBMid-5500000ABC", "my-service.dashboard.view", instanceCrn)
 *    .tokenLifetime(Duration.ofSeconds(30));   // short lifetimes exercise refresh
 * }</pre>
 * A client registered without the SSO's redirect URI (the string the broker's
 * {@code DashboardSso.Builder.redirectUri} was given) can only use the token endpoint:
 * {@code /identity/authorize} answers the sign-in 400, "redirect_uri is not registered for this
 * client.", as IAM does.
 *
 * <p>Outages and key rotation:
 * <pre>{@code
 * iam.faults().down(IamEndpoint.KEYS);                       // connection closed, no response
 * iam.faults().failWith(IamEndpoint.TOKEN, 503).forNextRequests(IamEndpoint.TOKEN, 1);
 * iam.faults().delay(IamEndpoint.AUTHZ, Duration.ofSeconds(2));
 * iam.rotateKeys();                                          // new kid; old key still published
 * iam.retireOldKeys();                                       // old tokens stop verifying
 * long fetches = iam.requestCount(IamEndpoint.KEYS);
 * }</pre>
 *
 * <p>It is test infrastructure only: keys are generated per simulator and held in memory; client
 * secrets are compared in constant time; nothing is logged.
 */
package io.github.osbsdk.broker.testkit.iam;
