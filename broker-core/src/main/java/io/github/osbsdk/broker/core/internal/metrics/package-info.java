/**
 * Internal: the SDK's meters. {@link io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics}
 * and its no-op default load without Micrometer; the Micrometer implementations are loaded only
 * when a user hands the SDK a {@code MeterRegistry}. Not API; may change without notice.
 */
package io.github.osbsdk.broker.core.internal.metrics;
