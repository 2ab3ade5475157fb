package io.github.osbsdk.broker.iam.internal;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Fetches IAM's key set through another retriever, counting each fetch
 * ({@code osb.iam.key.refreshes}) and remembering the last one for the health check.
 */
public final class KeyFetches implements ResourceRetriever {
  private final ResourceRetriever delegate;
  private final IamMetrics metrics;
  private final Clock clock;
  private volatile Attempt last;

  /** The last fetch: when, and the error type when it failed. */
  private record Attempt(Instant at, String error) {
  }

  /**
   * Creates the counting retriever.
   *
   * @param delegate does the fetch
   * @param metrics where fetches are counted
   * @param clock the clock for the time of the last fetch
   */
  public KeyFetches(ResourceRetriever delegate, IamMetrics metrics, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate == null");
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    try {
      Resource r = delegate.retrieveResource(url);
      last = new Attempt(clock.instant(), null);
      metrics.keyFetch(true);
      return r;
    } catch (IOException | RuntimeException e) {
      last = new Attempt(clock.instant(), e.getClass().getSimpleName());
      metrics.keyFetch(false);
      throw e;
    }
  }

  /**
   * Adds what is known of the last fetch: {@code lastFetch} ({@code success}, {@code failure} or
   * {@code none}), {@code lastFetchAt} and {@code lastFetchError}.
   *
   * @param details where to add them
   */
  void describe(Map<String, Object> details) {
    Attempt a = last;
    if (a == null) {
      details.put("lastFetch", "none");
      return;
    }
    details.put("lastFetch", a.error() == null ? "success" : "failure");
    details.put("lastFetchAt", a.at().toString());
    if (a.error() != null) {
      details.put("lastFetchError", a.error());
    }
  }
}
