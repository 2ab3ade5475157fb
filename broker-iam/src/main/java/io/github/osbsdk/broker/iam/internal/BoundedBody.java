package io.github.osbsdk.broker.iam.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer's body into bytes, but no more than a limit: past it the body is dropped and
 * the answer fails with {@link TooLarge}, so a server that answers without end cannot fill the
 * caller's memory. Used for IAM's replies and, through a qualified export, for the metering
 * API's answers.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** A body over the limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("reply larger than " + limit + " bytes");
    }
  }

  private final long limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(long limit) {
    this.limit = limit;
  }

  /**
   * @param limit the most bytes read
   * @return a handler whose bodies hold at most {@code limit} bytes
   */
  public static HttpResponse.BodyHandler<byte[]> handler(long limit) {
    return info -> new BoundedBody(limit);
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
