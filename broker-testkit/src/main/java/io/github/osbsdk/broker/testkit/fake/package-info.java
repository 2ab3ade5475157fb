/**
 * A configurable in-memory {@link io.github.osbsdk.broker.api.ServiceBroker} for providers' own
 * tests: {@link io.github.osbsdk.broker.testkit.fake.FakeServiceBroker}.
 *
 * <p>The fake keeps instances and bindings in memory with correct OSB 2.17 semantics (201, 200
 * for an identical repeat, 409 conflict, 410 gone, 404 while provisioning), runs plans
 * synchronously or asynchronously (through an {@link io.github.osbsdk.broker.api.AsyncTask} or with
 * operations it tracks itself), injects errors and delays, and records every request it received.
 */
package io.github.osbsdk.broker.testkit.fake;
