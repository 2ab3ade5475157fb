/**
 * Usage metering for IBM Cloud: {@link io.github.osbsdk.broker.metering.UsageMeter} counts on
 * the caller's thread and closes aligned windows into
 * {@link io.github.osbsdk.broker.metering.UsageRecord}s;
 * {@link io.github.osbsdk.broker.metering.UsageReporter} checks records, keeps them in a
 * {@link io.github.osbsdk.broker.metering.UsageOutbox} (in memory by default, or shared and
 * durable) and delivers them to IBM's usage metering API exactly once per record key, across
 * timeouts, retries, restarts and replicas.
 */
package io.github.osbsdk.broker.metering;
