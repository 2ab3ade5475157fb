package io.github.osbsdk.broker.iam;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * A local stand-in for one IAM endpoint that answers 200 with the JSON a test scripts, by the
 * number of the call (from 0); requests are served on threads of their own, so a script may hold
 * one call while others arrive.
 */
class ScriptedJsonServer implements AutoCloseable {
  /** How many calls reached the endpoint. */
  final AtomicInteger calls = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  ScriptedJsonServer(String path, IntFunction<String> script) throws IOException {
    this(path, (n, request) -> script.apply(n));
  }

  /**
   * @param path the endpoint
   * @param script the reply to the n-th call (from 0), given the request body
   */
  ScriptedJsonServer(String path, BiFunction<Integer, String, String> script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext(path, ex -> {
      String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      byte[] body = script.apply(calls.getAndIncrement(), request)
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  /** The server's base URL, {@code http://127.0.0.1:PORT}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
