/**
 * IBM Cloud's instance-state extension ({@code /bluemix_v1/service_instances/:instance_id}):
 * IBM Cloud disables instances (account suspended, reclamation, over a cap) and enables them
 * again; a disabled instance refuses new bindings and its provider cuts access.
 */
package io.github.osbsdk.broker.api.state;
