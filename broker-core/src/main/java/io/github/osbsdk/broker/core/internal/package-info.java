/**
 * Internal: the JAX-RS resources, filters, providers and helpers behind
 * {@link io.github.osbsdk.broker.core.Broker}. Not API; may change without notice.
 */
package io.github.osbsdk.broker.core.internal;
