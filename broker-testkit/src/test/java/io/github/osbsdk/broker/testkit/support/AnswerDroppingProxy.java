package io.github.osbsdk.broker.testkit.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A TCP proxy on 127.0.0.1 in front of an HTTP server that passes every exchange through but
 * the answers to the requests whose request line (e.g.
 * {@code PUT /v2/service_instances/x HTTP/1.1}) a predicate picks: the server gets such a
 * request whole and answers it, and the proxy closes the client's connection at the first bytes
 * of that answer instead of passing them on. The client thus loses an answer the server has
 * given, as when its request timed out, but without a race against a clock.
 *
 * <p>A request is taken to start with the first byte the client sends after the answer to the
 * previous one began: HTTP/1.1 without pipelining, as the JDK client sends.
 */
public final class AnswerDroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final URI target;
  private final Predicate<String> dropAnswerTo;
  private final List<String> dropped = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  /**
   * Starts the proxy.
   *
   * @param target the server, {@code http://host:port}
   * @param dropAnswerTo picks, by its request line, a request whose answer is dropped
   * @throws IOException when no port can be opened
   */
  public AnswerDroppingProxy(URI target, Predicate<String> dropAnswerTo) throws IOException {
    this.target = target;
    this.dropAnswerTo = dropAnswerTo;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept, "answer-dropping-proxy");
  }

  /** @return the proxy's base URL: the target's, on the proxy's port */
  public URI url() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort() + target.getRawPath());
  }

  /** @return the status line of each answer dropped so far, e.g. {@code HTTP/1.1 202 Accepted} */
  public List<String> droppedAnswers() {
    return List.copyOf(dropped);
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(client);
      try {
        Socket server = new Socket(target.getHost(), target.getPort());
        open.add(server);
        new Exchange(client, server).start();
      } catch (IOException e) {
        closeQuietly(client); // the client sees its connection fail, as without a proxy
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(listener);
    open.forEach(AnswerDroppingProxy::closeQuietly);
  }

  private static void daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  /** One client connection and its connection to the server. */
  private final class Exchange {
    private final Socket client;
    private final Socket server;
    /** The request line read so far; null once it is complete. Guarded by this. */
    private ByteArrayOutputStream requestLine = new ByteArrayOutputStream();
    /** Whether the answer to the request under way is dropped. Guarded by this. */
    private boolean drop;

    Exchange(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      daemon(this::requests, "answer-dropping-proxy requests");
      daemon(this::answers, "answer-dropping-proxy answers");
    }

    /** Client to server; notes each request line before passing its end on. */
    private void requests() {
      byte[] buffer = new byte[8192];
      try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          noteRequestLine(buffer, n);
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both
      } finally {
        closeBoth();
      }
    }

    /** Server to client; closes both connections at the first byte of a dropped answer. */
    private void answers() {
      byte[] buffer = new byte[8192];
      try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          synchronized (this) {
            if (drop) {
              String answer = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
              dropped.add(answer.lines().findFirst().orElse(""));
              return;
            }
            if (requestLine == null) {
              requestLine = new ByteArrayOutputStream(); // the next bytes start a request
            }
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both
      } finally {
        closeBoth();
      }
    }

    private synchronized void noteRequestLine(byte[] bytes, int length) {
      if (requestLine == null) {
        return; // the rest of a request whose line is known
      }
      for (int i = 0; i < length; i++) {
        if (bytes[i] == '\n') {
          requestLine.write(bytes, 0, i);
          drop = dropAnswerTo.test(requestLine.toString(StandardCharsets.ISO_8859_1).trim());
          requestLine = null;
          return;
        }
      }
      requestLine.write(bytes, 0, length);
    }

    private void closeBoth() {
      closeQuietly(client);
      closeQuietly(server);
      open.remove(client);
      open.remove(server);
    }
  }
}
