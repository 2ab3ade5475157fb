/**
 * Usage metering for IBM Cloud: {@link io.github.osbsdk.broker.metering.UsageMeter} counts on
 * the caller's thread and closes aligned windows into
 * {@link io.github.osbsdk.broker.metering.UsageRecord}s;
 * {@link io.github.osbsdk.broker.metering.UsageReporter} checks records, keeps them in a
 * {@link io.github.osbsdk.broker.metering.UsageOutbox} (in memory by default, or shared and
 * durable) and delivers them to IBM's usage metering API exactly once per record key, across
 * timeouts, retries, restarts and replicas.
 *
 * <p>{@code UsageOutbox} is a service-provider interface: the SDK's outboxes implement it, and
 * another implementation must pass {@code UsageOutboxContract} and {@code InstanceEndContract}
 * (broker-metering's test jar). Minor releases may add methods to it.
 */
package io.github.osbsdk.broker.metering;
