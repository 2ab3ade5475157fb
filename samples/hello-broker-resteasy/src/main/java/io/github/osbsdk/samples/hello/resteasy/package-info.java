/**
 * hello-kv mounted on RESTEasy + Undertow instead of Jersey + Grizzly: the same
 * {@link io.github.osbsdk.broker.core.Broker}, deployed as a JAX-RS {@code Application}.
 */
package io.github.osbsdk.samples.hello.resteasy;
