/**
 * Serving a {@link io.github.osbsdk.broker.api.ServiceBroker} over HTTP in any Jakarta REST
 * (JAX-RS 3.1+) container: build a {@link io.github.osbsdk.broker.core.Broker} and register its
 * {@link io.github.osbsdk.broker.core.Broker#application() Application} or
 * {@link io.github.osbsdk.broker.core.Broker#singletons() singletons}.
 */
package io.github.osbsdk.broker.core;
