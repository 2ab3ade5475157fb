/**
 * The SDK's default {@link io.github.osbsdk.broker.api.state.InstanceStateStore} for IBM Cloud's
 * {@code /bluemix_v1} instance-state endpoints.
 */
package io.github.osbsdk.broker.core.state;
