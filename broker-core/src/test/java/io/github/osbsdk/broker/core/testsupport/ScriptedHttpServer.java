package io.github.osbsdk.broker.core.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * A local HTTP endpoint on 127.0.0.1 that answers each call as a test scripts it, by the number
 * of the call (from 0), for answers a simulator cannot give: odd headers, bodies that never end,
 * a call held while others arrive. Requests are served on threads of their own. Shared with
 * broker-iam's and broker-metering's tests through this module's test jar.
 */
public class ScriptedHttpServer implements AutoCloseable {
  /** One answer; it writes the whole exchange itself (the server closes it after). */
  @FunctionalInterface
  public interface Answer {
    /**
     * Answers one call.
     *
     * @param exchange the call
     * @param request the request body, read
     * @throws Exception when the answer cannot be written
     */
    void write(HttpExchange exchange, byte[] request) throws Exception;
  }

  /** How many calls reached the endpoint. */
  public final AtomicInteger calls = new AtomicInteger();
  /** The request bodies, in the order the calls arrived. */
  public final List<byte[]> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "scripted-http");
    t.setDaemon(true);
    return t;
  });

  /**
   * Starts the endpoint.
   *
   * @param path the endpoint's path ({@code /} for every path)
   * @param script the answer to the n-th call (from 0)
   */
  public ScriptedHttpServer(String path, IntFunction<Answer> script) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext(path, exchange -> {
      try {
        byte[] request = exchange.getRequestBody().readAllBytes();
        requests.add(request);
        script.apply(calls.getAndIncrement()).write(exchange, request);
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

  /**
   * A script that gives the n-th call the n-th answer; the last one repeats.
   *
   * @param answers the answers, at least one
   * @return the script
   */
  public static IntFunction<Answer> inTurn(Answer... answers) {
    List<Answer> script = List.of(answers);
    return n -> script.get(Math.min(n, script.size() - 1));
  }

  /**
   * A script that answers the n-th call 200 with the JSON {@code bodies} gives for it.
   *
   * @param bodies the body of the n-th answer (from 0)
   * @return the script
   */
  public static IntFunction<Answer> json(IntFunction<String> bodies) {
    return json((n, request) -> bodies.apply(n));
  }

  /**
   * A script that answers the n-th call 200 with the JSON {@code bodies} gives for it and its
   * request body.
   *
   * @param bodies the body of the n-th answer (from 0), given the request body
   * @return the script
   */
  public static IntFunction<Answer> json(BiFunction<Integer, String, String> bodies) {
    return n -> (exchange, request) -> {
      byte[] body = bodies.apply(n, new String(request, StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    };
  }

  /**
   * The endpoint's base URL.
   *
   * @return {@code http://127.0.0.1:PORT}
   */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
