package io.github.osbsdk.broker.testkit.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server (a broker that says yes to everything) that records requests and answers with a
 * fixed status, headers and body.
 */
public final class StubServer implements AutoCloseable {
  /** A recorded request. */
  public record Seen(String method, String rawPath, String rawQuery,
      Map<String, List<String>> headers,
      String body) {}

  public final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  public volatile int status = 200;
  public volatile String body = "{}";
  public volatile Map<String, String> headers = Map.of("Content-Type", "application/json");
  /**
   * A scripted answer.
   *
   * @param status status
   * @param body body
   * @param headers headers
   */
  public record Reply(int status, String body, Map<String, String> headers) {}

  /** When set, answers every request but the catalog instead of the fixed reply. */
  public volatile java.util.function.Function<Seen, Reply> handler;
  /** When set, {@code GET /v2/catalog} answers 200 with this body. */
  public volatile String catalog;

  public StubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public Seen last() {
    return seen.get(seen.size() - 1);
  }

  private void handle(HttpExchange ex) throws IOException {
    String in = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
        ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()), in));
    boolean isCatalog = catalog != null && ex.getRequestURI().getRawPath().equals("/v2/catalog");
    Reply reply = isCatalog ? new Reply(200, catalog, headers)
        : handler != null ? handler.apply(seen.get(seen.size() - 1))
        : new Reply(status, body, headers);
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      ex.getResponseBody().write(out);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
