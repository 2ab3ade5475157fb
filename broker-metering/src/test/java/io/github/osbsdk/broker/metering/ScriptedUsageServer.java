package io.github.osbsdk.broker.metering;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A usage API that answers each request with the next scripted answer (the last one repeats),
 * for answers the simulator cannot give: odd headers, bodies that never end.
 */
final class ScriptedUsageServer implements AutoCloseable {
  /** One answer; it writes the whole exchange itself. */
  interface Answer {
    void write(HttpExchange exchange, byte[] request) throws Exception;
  }

  private final HttpServer server;
  private final List<Answer> script;
  private final AtomicInteger next = new AtomicInteger();
  final List<byte[]> requests = new CopyOnWriteArrayList<>();

  private ScriptedUsageServer(List<Answer> script) {
    this.script = script;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "scripted-usage");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", exchange -> {
      byte[] request = exchange.getRequestBody().readAllBytes();
      requests.add(request);
      int i = Math.min(next.getAndIncrement(), script.size() - 1);
      try {
        script.get(i).write(exchange, request);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  static ScriptedUsageServer start(Answer... script) {
    return new ScriptedUsageServer(List.of(script));
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** 202 with one status per record of the request. */
  static Answer accepted(int status) {
    return (exchange, request) -> {
      int records = Fixtures.recordsIn(request);
      StringBuilder body = new StringBuilder("{\"resources\":[");
      for (int i = 0; i < records; i++) {
        body.append(i == 0 ? "" : ",").append("{\"status\":").append(status).append('}');
      }
      byte[] bytes = body.append("]}").toString().getBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(202, bytes.length);
      exchange.getResponseBody().write(bytes);
    };
  }

  /** A whole-request status with a Retry-After header. */
  static Answer status(int status, String retryAfter) {
    return (exchange, request) -> {
      exchange.getResponseHeaders().add("Retry-After", retryAfter);
      exchange.sendResponseHeaders(status, -1);
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
