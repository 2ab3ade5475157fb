package io.github.osbsdk.broker.store.jdbc.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.Broker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** The review's broker mounted in Jersey as the README's step 3 does, and a client for it. */
final class QueueHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString(
      (QueueBrokers.USER + ":" + QueueBrokers.PASSWORD)
          .getBytes(StandardCharsets.UTF_8));

  final Broker broker;
  private final HttpServer server;
  private final URI base;

  QueueHttp(Broker broker) throws IOException {
    this.broker = broker;
    ResourceConfig config = new ResourceConfig().registerInstances(broker.singletons());
    server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config,
        false);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort());
  }

  /** An answer: status and JSON body (null when empty). */
  record Reply(int status, JsonNode body) {
    String text(String field) {
      return body == null || !body.hasNonNull(field) ? null : body.get(field).asText();
    }
  }

  Reply send(String method, String path, String body) {
    return send(method, path, body, null);
  }

  Reply send(String method, String path, String body, String originatingIdentity) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", AUTHORIZATION).header("X-Broker-API-Version", "2.17")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (originatingIdentity != null) {
      request.header("X-Broker-API-Originating-Identity", originatingIdentity);
    }
    try {
      HttpResponse<String> response = CLIENT.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Reply(response.statusCode(), text.isBlank() ? null : JSON.readTree(text));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code last_operation} until the state is no longer in progress (at most 20 s). */
  Reply poll(String path) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Reply reply = send("GET", path, null);
    while (reply.status() == 200 && "in progress".equals(reply.text("state"))
        && System.nanoTime() < end) {
      Thread.sleep(50);
      reply = send("GET", path, null);
    }
    return reply;
  }

  @Override
  public void close() {
    server.shutdownNow();
    broker.close();
  }
}
