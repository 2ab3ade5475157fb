/**
 * Platform contexts: the {@code context} object platforms send in request bodies, typed for Cloud
 * Foundry, Kubernetes and IBM Cloud, with every other platform kept generically.
 */
package io.github.osbsdk.broker.api.context;
