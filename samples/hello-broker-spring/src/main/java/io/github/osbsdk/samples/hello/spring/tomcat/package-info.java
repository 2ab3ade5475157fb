/**
 * A tiny adapter for brokers on Spring Boot's Tomcat: declare
 * {@link io.github.osbsdk.samples.hello.spring.tomcat.OsbTomcatCustomizer} as a bean.
 */
package io.github.osbsdk.samples.hello.spring.tomcat;
