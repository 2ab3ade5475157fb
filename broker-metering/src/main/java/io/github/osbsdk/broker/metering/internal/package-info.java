/**
 * Implementation details of broker-metering: the meter's series and window slots, the sender,
 * the wire format and backoff. Not exported; may change at any time.
 */
package io.github.osbsdk.broker.metering.internal;
