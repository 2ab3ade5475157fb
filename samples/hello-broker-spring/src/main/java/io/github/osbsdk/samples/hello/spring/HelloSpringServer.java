package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.samples.hello.HelloConfig;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** hello-kv running in a Spring Boot application context. */
public final class HelloSpringServer implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final URI baseUri;

  private HelloSpringServer(ConfigurableApplicationContext context, URI baseUri) {
    this.context = context;
    this.baseUri = baseUri;
  }

  /**
   * Starts the application.
   *
   * @param config the configuration (host and port become {@code server.address} and
   *     {@code server.port}; port 0 picks a free one)
   * @param args command line arguments for Spring Boot
   * @return the running application
   */
  public static HelloSpringServer start(HelloConfig config, String... args) {
    Objects.requireNonNull(config, "config == null");
    SpringApplication app = new SpringApplication(HelloSpringApplication.class);
    app.setDefaultProperties(Map.of(
        "server.port", String.valueOf(config.port()),
        "server.address", config.host()));
    app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("helloConfig", config));
    ConfigurableApplicationContext context = app.run(args);
    int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
    return new HelloSpringServer(context, URI.create("http://" + host + ":" + port));
  }

  /**
   * The base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash).
   *
   * @return the base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash)
   */
  public URI baseUri() {
    return baseUri;
  }

  /** Stops the application. */
  @Override
  public void close() {
    context.close();
  }
}
