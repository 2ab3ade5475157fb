/**
 * Where the SDK keeps what it knows about service instances, bindings and operations: the
 * {@link io.github.osbsdk.broker.core.store.BrokerStore} SPI, its value types and the in-memory
 * default. A PostgreSQL implementation lives in the {@code broker-store-jdbc} module; every
 * implementation passes the same contract tests ({@code BrokerStoreContract} in broker-core's
 * test jar, {@code <type>test-jar</type>}; extend it and return a fresh store).
 *
 * <p>{@code BrokerStore} is a service-provider interface: the SDK's stores implement it and the
 * SDK calls it. Minor releases may add methods to it, components to its records and cases to its
 * sealed types, so an implementation outside the SDK follows each minor release (its contract
 * suite says what changed). The enums may gain constants too.
 */
package io.github.osbsdk.broker.core.store;
