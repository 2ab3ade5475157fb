/**
 * Where the SDK keeps what it knows about service instances, bindings and operations: the
 * {@link io.github.osbsdk.broker.core.store.BrokerStore} SPI, its value types and the in-memory
 * default. A PostgreSQL implementation lives in the {@code broker-store-jdbc} module; every
 * implementation passes the same contract tests ({@code BrokerStoreContract} in broker-core's
 * test jar).
 */
package io.github.osbsdk.broker.core.store;
