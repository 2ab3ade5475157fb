package io.github.osbsdk.broker.testkit.internal.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with a server the kit does not trust: the whole answer, body included, must
 * arrive within the timeout ({@link HttpRequest#timeout()} only covers the headers), and a body
 * over the limit is dropped, so a server that stalls or answers without end can neither hang
 * the run nor fill its memory.
 */
public final class BoundedExchange {
  /** The largest body read, 32 MiB: far above any catalog. */
  public static final long MAX_BODY_BYTES = 32L << 20;

  /** A body over the limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("the answer's body is larger than " + limit + " bytes; the kit stopped reading it");
    }
  }

  private BoundedExchange() {}

  /**
   * @param http the client
   * @param request the request
   * @param timeout the longest the whole exchange may take
   * @return the answer, its body decoded as UTF-8
   * @throws TooLarge when the body is larger than {@link #MAX_BODY_BYTES}
   * @throws HttpTimeoutException when the answer is not complete in time
   * @throws IOException when the exchange fails
   * @throws InterruptedException when interrupted
   */
  public static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration timeout)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request,
        info -> new Subscriber(MAX_BODY_BYTES));
    try {
      return exchange.get(millis(timeout), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException("no complete answer within " + timeout);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause.toString(), cause);
    }
  }

  private static long millis(Duration d) {
    try {
      return Math.max(1, d.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<String> {
    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Subscriber(long limit) {
      this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        if (bytes.size() + (long) b.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge(limit));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toString(StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<String> getBody() {
      return result;
    }
  }
}
