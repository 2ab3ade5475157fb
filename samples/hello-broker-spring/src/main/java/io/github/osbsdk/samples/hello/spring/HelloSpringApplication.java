package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.samples.hello.spring.tomcat.OsbTomcatConfiguration;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The Spring Boot application: hello-kv's {@link Broker} registered with Spring Boot's Jersey
 * (spring-boot-starter-jersey), plus the Tomcat settings an OSB broker needs
 * ({@link OsbTomcatConfiguration}). The broker is built before the application starts and
 * registered as a bean by {@link HelloSpringServer}, so a refused configuration stops the start
 * with its own message rather than inside Spring's bean creation.
 */
@SpringBootApplication
@Import(OsbTomcatConfiguration.class)
public class HelloSpringApplication {
  /** Created by Spring. */
  public HelloSpringApplication() {}

  /**
   * Spring Boot's Jersey configuration: the SDK's resources and providers, no WADL.
   *
   * @param broker the broker
   * @return the Jersey configuration
   */
  @Bean
  public ResourceConfig jerseyConfig(Broker broker) {
    return new ResourceConfig().registerInstances(broker.singletons())
        .property(ServerProperties.WADL_FEATURE_DISABLE, true);
  }
}
