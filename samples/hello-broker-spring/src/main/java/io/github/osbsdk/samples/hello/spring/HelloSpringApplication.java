package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.samples.hello.HelloBroker;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import io.github.osbsdk.samples.hello.spring.tomcat.OsbTomcatConfiguration;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The Spring Boot application: hello-kv's {@link Broker} registered with Spring Boot's Jersey
 * (spring-boot-starter-jersey), plus the Tomcat settings an OSB broker needs
 * ({@link OsbTomcatConfiguration}).
 */
@SpringBootApplication
@Import(OsbTomcatConfiguration.class)
public class HelloSpringApplication {
  private final AtomicReference<String> publicUrl = new AtomicReference<>();

  /** Created by Spring. */
  public HelloSpringApplication() {}

  /**
   * The broker, built from the configuration exactly as on the other containers.
   *
   * @param config the configuration (registered by {@link HelloSpringServer})
   * @return the broker
   */
  @Bean
  public Broker broker(HelloConfig config) {
    return HelloBroker.broker(config, new InMemoryKeyValueStore(), publicUrl::get);
  }

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

  /**
   * Learns the public URL once the port is known (port 0 picks a free one).
   *
   * @param config the configuration
   * @return the listener
   */
  @Bean
  public ApplicationListener<WebServerInitializedEvent> publicUrlListener(HelloConfig config) {
    return event -> publicUrl.set(config.publicUrl(event.getWebServer().getPort()));
  }
}
