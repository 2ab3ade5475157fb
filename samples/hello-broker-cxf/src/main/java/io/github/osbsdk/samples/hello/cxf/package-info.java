/**
 * hello-kv on Apache CXF 4.1 (JAX-RS) in an embedded Jetty 12 servlet container: the same
 * {@link io.github.osbsdk.broker.core.Broker}, deployed as a JAX-RS {@code Application} through
 * CXF's servlet.
 */
package io.github.osbsdk.samples.hello.cxf;
