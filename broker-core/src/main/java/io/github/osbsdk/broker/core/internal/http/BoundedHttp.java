package io.github.osbsdk.broker.core.internal.http;

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
 * Exchanges with servers the SDK does not control (IAM, the metering API, a broker under test)
 * over the JDK client, bounded: the client's own timeout ends when the headers arrive, so here
 * the whole answer, body included, must arrive within a timeout, and a body over a limit is
 * dropped as it arrives. A server that stalls or answers without end can then neither hold a
 * caller for ever nor fill its memory.
 */
public final class BoundedHttp {
  /** A body over the limit: the rest was not read. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("answer larger than " + limit + " bytes");
    }
  }

  private BoundedHttp() {}

  /**
   * @param limit the most bytes read
   * @return a handler whose bodies hold at most {@code limit} bytes, else fail with
   *     {@link TooLarge}
   */
  public static HttpResponse.BodyHandler<byte[]> bytes(long limit) {
    return info -> new Body(limit);
  }

  /**
   * @param limit the most bytes read
   * @return as {@link #bytes}, the body decoded as UTF-8
   */
  public static HttpResponse.BodyHandler<String> utf8(long limit) {
    return info -> HttpResponse.BodySubscribers.mapping(new Body(limit),
        b -> new String(b, StandardCharsets.UTF_8));
  }

  /**
   * Sends a request and waits for the whole answer.
   *
   * @param <T> the body type
   * @param http the client
   * @param request the request
   * @param timeout the longest the whole exchange may take
   * @param body the body handler, {@link #bytes} or {@link #utf8}
   * @return the answer
   * @throws TooLarge when the body is over the handler's limit
   * @throws HttpTimeoutException when the answer is not complete in time (the exchange is
   *     cancelled)
   * @throws IOException when the exchange fails
   * @throws InterruptedException when interrupted (the exchange is cancelled)
   * @throws RuntimeException as the client threw it
   */
  public static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, Duration timeout,
      HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<T>> exchange = http.sendAsync(request, body);
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

  /** Collects at most {@code limit} bytes; beyond, cancels the body and fails. */
  private static final class Body implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Body(long limit) {
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
      result.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }
  }
}
