/**
 * A tiny adapter for brokers on Spring Boot's Tomcat: put
 * {@code @Import(OsbTomcatConfiguration.class)} on the application class
 * ({@link io.github.osbsdk.samples.hello.spring.tomcat.OsbTomcatConfiguration} declares
 * {@link io.github.osbsdk.samples.hello.spring.tomcat.OsbTomcatCustomizer}, the request guard and
 * {@link io.github.osbsdk.samples.hello.spring.tomcat.FlushBeforeRelease} as beans). Copy these
 * four classes and hello-broker's {@code ServletRequestGuard}, {@code OsbErrorJson} and
 * {@code HttpLimits}, which they use.
 */
package io.github.osbsdk.samples.hello.spring.tomcat;
