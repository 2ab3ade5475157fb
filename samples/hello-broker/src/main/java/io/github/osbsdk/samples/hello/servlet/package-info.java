/**
 * Pieces for mounting hello-kv in servlet containers (Tomcat, Jetty):
 * {@link io.github.osbsdk.samples.hello.servlet.ServletRequestGuard}.
 */
package io.github.osbsdk.samples.hello.servlet;
