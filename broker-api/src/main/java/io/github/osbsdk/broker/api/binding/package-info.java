/**
 * Requests and responses of the service-binding endpoints: bind, fetch, unbind and last
 * operation.
 */
package io.github.osbsdk.broker.api.binding;
