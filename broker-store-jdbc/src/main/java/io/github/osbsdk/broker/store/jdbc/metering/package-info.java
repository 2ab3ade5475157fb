/**
 * broker-metering's usage outbox on PostgreSQL:
 * {@link io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox}, with the tables of
 * migration {@code V3__usage_outbox.sql}. Needs the optional {@code broker-metering} dependency.
 */
package io.github.osbsdk.broker.store.jdbc.metering;
