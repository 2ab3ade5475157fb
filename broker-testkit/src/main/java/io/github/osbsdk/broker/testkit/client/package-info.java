/**
 * A typed OSB 2.17 client for providers' own tests and tools: {@link
 * io.github.osbsdk.broker.testkit.client.OsbClient}.
 */
package io.github.osbsdk.broker.testkit.client;
