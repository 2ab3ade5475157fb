/**
 * hello-kv on Spring Boot 3.5 with spring-boot-starter-jersey (Jersey on Tomcat): the same
 * {@link io.github.osbsdk.broker.core.Broker} as on Grizzly, registered in a Jersey
 * {@code ResourceConfig} bean.
 */
package io.github.osbsdk.samples.hello.spring;
