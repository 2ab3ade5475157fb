/**
 * IBM Cloud IAM for brokers: {@link io.github.osbsdk.broker.iam.IamAuthenticator} (bearer and
 * bearer-crn), {@link io.github.osbsdk.broker.iam.ServiceIdTokenProvider} (the broker's own
 * token), {@link io.github.osbsdk.broker.iam.AuthzClient} ({@code POST /v2/authz}) and
 * {@link io.github.osbsdk.broker.iam.DashboardSso} (dashboard single sign-on), all configured by
 * one {@link io.github.osbsdk.broker.iam.IamConfig}.
 *
 * <p>{@link io.github.osbsdk.broker.iam.SsoKeyStore} is a service-provider interface implemented
 * by the SDK's key stores; no contract suite is shipped for it, and minor releases may add
 * methods to it.
 */
package io.github.osbsdk.broker.iam;
