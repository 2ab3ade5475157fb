/**
 * Metrics support: Micrometer is an optional dependency of the SDK; the builders' {@code
 * meterRegistry(Object)} methods check their argument with
 * {@link io.github.osbsdk.broker.core.metrics.MeterRegistries}. The meters are listed in the
 * README's "Metrics and health".
 */
package io.github.osbsdk.broker.core.metrics;
