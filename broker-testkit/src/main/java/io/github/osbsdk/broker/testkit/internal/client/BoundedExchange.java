package io.github.osbsdk.broker.testkit.internal.client;

import io.github.osbsdk.broker.core.internal.http.BoundedHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP exchange with a server the kit does not trust ({@link BoundedHttp}): the whole
 * answer within the timeout, a body of at most {@link #MAX_BODY_BYTES}, so a server that stalls
 * or answers without end can neither hang the run nor fill its memory.
 */
public final class BoundedExchange {
  /** The largest body read, 32 MiB: far above any catalog. */
  public static final long MAX_BODY_BYTES = 32L << 20;

  private BoundedExchange() {}

  /**
   * @param http the client
   * @param request the request
   * @param timeout the longest the whole exchange may take
   * @return the answer, its body decoded as UTF-8
   * @throws BoundedHttp.TooLarge when the body is larger than {@link #MAX_BODY_BYTES}
   * @throws java.net.http.HttpTimeoutException when the answer is not complete in time
   * @throws IOException when the exchange fails
   * @throws InterruptedException when interrupted
   */
  public static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration timeout)
      throws IOException, InterruptedException {
    return BoundedHttp.send(http, request, timeout, BoundedHttp.utf8(MAX_BODY_BYTES));
  }
}
