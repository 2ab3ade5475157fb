package io.github.osbsdk.broker.testkit.support;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the {@code GET /v2/catalog} requests a real broker receives (a JAX-RS filter registered
 * with the broker, so every request over HTTP is seen, whatever the broker answers).
 */
@PreMatching
public final class CatalogGets implements ContainerRequestFilter {
  private final AtomicInteger count = new AtomicInteger();

  /**
   * @param counter counts the broker's catalog requests
   * @return the {@link ExampleServiceBroker} behind basic auth {@code broker}/{@code s3cret}
   */
  public static Broker exampleBroker(CatalogGets counter) {
    return Broker.builder(new ExampleServiceBroker())
        .authenticator(BasicAuthenticator.of("broker", "s3cret"))
        .retryAfter(Duration.ofMillis(50)).register(counter).build();
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if ("GET".equals(request.getMethod())
        && request.getUriInfo().getPath().replaceAll("^/+", "").equals("v2/catalog")) {
      count.incrementAndGet();
    }
  }

  /** @return the catalog requests seen so far */
  public int count() {
    return count.get();
  }
}
