package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.samples.hello.HelloBroker;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** hello-kv running in a Spring Boot application context. */
public final class HelloSpringServer implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final Broker broker;
  private final URI baseUri;

  private HelloSpringServer(ConfigurableApplicationContext context, Broker broker,
      URI baseUri) {
    this.context = context;
    this.broker = broker;
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
    AtomicReference<String> publicUrl = new AtomicReference<>();
    // built here, not as a bean: a refused setting is thrown as is, not inside Spring's start
    Broker broker = HelloBroker.broker(config, new InMemoryKeyValueStore(), publicUrl::get);
    SpringApplication app = new SpringApplication(HelloSpringApplication.class);
    app.setDefaultProperties(Map.of(
        "server.port", String.valueOf(config.port()),
        "server.address", config.host()));
    app.addInitializers(ctx -> {
      ctx.getBeanFactory().registerSingleton("helloConfig", config);
      ctx.getBeanFactory().registerSingleton("broker", broker);
    });
    // the public URL, once the port is known (port 0 picks a free one)
    app.addListeners((ApplicationListener<WebServerInitializedEvent>) event ->
        publicUrl.set(config.publicUrl(event.getWebServer().getPort())));
    ConfigurableApplicationContext context;
    try {
      context = app.run(args);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    String host = config.hostIsWildcard() ? "localhost" : config.host();
    return new HelloSpringServer(context, broker, URI.create("http://" + host + ":" + port));
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
    broker.close();
  }
}
