/**
 * Builders of the request records the SDK hands a
 * {@link io.github.osbsdk.broker.api.ServiceBroker}, for a provider's unit tests:
 * {@link io.github.osbsdk.broker.testkit.requests.ProviderRequests}. The SDK constructs these
 * records; their canonical constructors may gain components in a minor release (new OSB fields,
 * new IBM headers), and these builders keep compiling.
 */
package io.github.osbsdk.broker.testkit.requests;
