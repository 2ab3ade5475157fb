/**
 * The provider-facing contract of osb-broker-sdk: the
 * {@link io.github.osbsdk.broker.api.ServiceBroker} SPI, the request context handed to every SPI
 * call, and the single exception type
 * {@link io.github.osbsdk.broker.api.ServiceBrokerException} that maps to OSB error responses.
 *
 * <p>All types in this package and its sub-packages are immutable. Values are non-null unless a
 * component or parameter is documented as optional ("may be null").
 */
package io.github.osbsdk.broker.api;
