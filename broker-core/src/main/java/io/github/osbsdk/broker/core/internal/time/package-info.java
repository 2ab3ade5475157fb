/**
 * The shared clock's time as the SDK's modules keep it (not API): exported to
 * broker-store-jdbc only, whose copies of operations in progress judge leases on the clock the
 * SDK writes them with.
 */
package io.github.osbsdk.broker.core.internal.time;
