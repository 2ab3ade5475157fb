/**
 * broker-metering's usage outbox on PostgreSQL:
 * {@link io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox}, with the tables of
 * migration {@code V3__usage_outbox.sql}. Needs {@code broker-metering}, an optional dependency
 * of broker-store-jdbc: add it to the build and, on the module path, require
 * {@code io.github.osbsdk.broker.metering} as well (broker-store-jdbc does not require it
 * transitively).
 */
package io.github.osbsdk.broker.store.jdbc.metering;
