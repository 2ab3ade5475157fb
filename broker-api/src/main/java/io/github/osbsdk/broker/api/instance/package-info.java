/**
 * Requests and responses of the service-instance endpoints: provision, fetch, update, deprovision
 * and last operation.
 *
 * <p>Request records are built by the SDK after it has validated the request: ids are present,
 * the service and plan exist and belong together, parameters satisfy the plan's schema. They
 * carry the resolved catalog entries so a broker need not look them up again.
 */
package io.github.osbsdk.broker.api.instance;
