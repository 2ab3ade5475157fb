package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.core.internal.http.BoundedHttp;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Posts one batch of usage records for the {@link UsageSender}: takes a token, builds the
 * request and starts it, without waiting for the answer. Never puts the token in a message.
 */
final class BatchPost {
  private final SenderSettings settings;

  BatchPost(SenderSettings settings) {
    this.settings = settings;
  }

  /** One posted batch: its answer to come, or why it could not be posted. */
  record InFlight(String resourceId, List<ClaimedUsage> batch,
      CompletableFuture<HttpResponse<byte[]>> response, String failure, long deadlineNanos,
      String token) {}

  InFlight post(String resourceId, List<ClaimedUsage> batch) {
    List<UsageRecord> records = batch.stream().map(ClaimedUsage::record).toList();
    String token;
    try {
      token = settings.tokens().get();
    } catch (RuntimeException e) { // the token source failed; its message names no secret
      return new InFlight(resourceId, batch, null, "no token: " + e.getMessage(), 0, null);
    }
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder().header("Authorization", "Bearer " + token);
    } catch (IllegalArgumentException e) {
      // the client's message quotes the header value, i.e. the token: not a word of it
      return new InFlight(resourceId, batch, null, "the token is not a valid HTTP header value"
          + " (e.g. it holds a line break)", 0, null);
    }
    try {
      URI uri = URI.create(settings.baseUrl() + "/v4/metering/resources/"
          + URLEncoder.encode(resourceId, StandardCharsets.UTF_8).replace("+", "%20") + "/usage");
      HttpRequest request = builder.uri(uri)
          .timeout(settings.requestTimeout())
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(UsageWire.body(records)))
          .build();
      // the client's timeout ends with the answer's headers; a body that trickles in must not
      // hold this thread (and the claim) for ever, so the whole answer has the same deadline
      long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
      return new InFlight(resourceId, batch, settings.http().sendAsync(request,
          BoundedHttp.bytes(UsageSender.MAX_ANSWER_BYTES)), null, deadline, token);
    } catch (RuntimeException e) { // e.g. the records cannot be written: no secret in it
      return new InFlight(resourceId, batch, null, "request failed (" + e + ")", 0, null);
    }
  }
}
