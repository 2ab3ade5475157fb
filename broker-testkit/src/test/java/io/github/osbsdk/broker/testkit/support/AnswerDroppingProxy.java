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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A TCP proxy on 127.0.0.1 in front of an HTTP server that passes every exchange through but
 * the answers to the requests whose request line (e.g.
 * {@code PUT /v2/service_instances/x HTTP/1.1}) a predicate picks. The client loses an answer
 * the server gives, as when its request timed out, but without a race against a clock; the
 * server gets the request whole and answers it all the same. Two ways to lose it:
 *
 * <ul>
 *   <li>{@link #droppingAnswers}: the proxy closes the client's connection at the first bytes
 *       of the answer: the client learns of the loss only once the server's work is done;
 *   <li>{@link #closingAfterRequests}: the proxy closes the client's connection as soon as it
 *       has passed the request on, and reads the server's answer later: the client learns of the
 *       loss at once, while the server is still at the work, which appears on the server only
 *       after the client gave it up.
 * </ul>
 *
 * <p>Requests are read as the JDK client sends them: HTTP/1.1 without pipelining, the head
 * ending in an empty CRLF line, a body only with {@code Content-Length}. A picked request with
 * another framing ({@code Transfer-Encoding}) cannot be followed to its end: the proxy closes
 * both connections and notes, instead of a status line, why.
 */
public final class AnswerDroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final URI target;
  private final Predicate<String> picks;
  /** Before the client's connection of a picked request is closed; null: answers dropped. */
  private final Consumer<String> beforeClosing;
  private final List<String> dropped = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile BiConsumer<String, String> onAnswer = (request, status) -> { };

  private AnswerDroppingProxy(URI target, Predicate<String> picks,
      Consumer<String> beforeClosing) throws IOException {
    this.target = Objects.requireNonNull(target, "target == null");
    this.picks = Objects.requireNonNull(picks, "picks == null");
    this.beforeClosing = beforeClosing;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept, "answer-dropping-proxy");
  }

  /**
   * Starts a proxy that closes the client's connection at the first bytes of a picked request's
   * answer.
   *
   * @param target the server, {@code http://host:port}
   * @param dropAnswerTo picks, by its request line, a request whose answer is dropped
   * @return the running proxy
   * @throws IOException when no port can be opened
   */
  public static AnswerDroppingProxy droppingAnswers(URI target, Predicate<String> dropAnswerTo)
      throws IOException {
    return new AnswerDroppingProxy(target, dropAnswerTo, null);
  }

  /**
   * Starts a proxy that closes the client's connection once a picked request has been passed on
   * whole, before the server answers it.
   *
   * @param target the server, {@code http://host:port}
   * @param closeAfter picks, by its request line, a request whose connection is closed
   * @param beforeClosing called with the request line once the request has been passed on,
   *     before the connection is closed: may wait until the server is at the request's work (if
   *     the server's answer comes first, the connection is closed then, as it is dropped)
   * @return the running proxy
   * @throws IOException when no port can be opened
   */
  public static AnswerDroppingProxy closingAfterRequests(URI target, Predicate<String> closeAfter,
      Consumer<String> beforeClosing) throws IOException {
    return new AnswerDroppingProxy(target, closeAfter,
        Objects.requireNonNull(beforeClosing, "beforeClosing == null"));
  }

  /** @return the proxy's base URL: the target's, on the proxy's port */
  public URI url() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort() + target.getRawPath());
  }

  /** @return the status line of each answer dropped so far, e.g. {@code HTTP/1.1 202 Accepted} */
  public List<String> droppedAnswers() {
    return List.copyOf(dropped);
  }

  /**
   * Tells of every answer of the server, passed on or dropped, once its status line has come,
   * before it is passed on.
   *
   * @param listener takes the request line and the answer's status line
   */
  public void onAnswer(BiConsumer<String, String> listener) {
    this.onAnswer = Objects.requireNonNull(listener, "listener == null");
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
    private final InputStream fromClient;
    private final OutputStream toClient;
    private final InputStream fromServer;
    private final OutputStream toServer;
    /** Follows the request under way; replaced when its answer begins. Guarded by this. */
    private RequestHead request = new RequestHead(picks);

    /** Takes both sockets' streams at once: one side may close them before the other starts. */
    Exchange(Socket client, Socket server) throws IOException {
      this.client = client;
      this.server = server;
      this.fromClient = client.getInputStream();
      this.toClient = client.getOutputStream();
      this.fromServer = server.getInputStream();
      this.toServer = server.getOutputStream();
    }

    void start() {
      daemon(this::requests, "answer-dropping-proxy requests");
      daemon(this::answers, "answer-dropping-proxy answers");
    }

    /**
     * Client to server. Once a picked request has been passed on whole, and the proxy closes
     * after requests, closes the client's connection only: the server's answer is still read.
     */
    private void requests() {
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = fromClient.read(buffer)) > 0; ) {
          String unframed = null;
          String ended = null;
          synchronized (this) {
            request.read(buffer, n);
            if (beforeClosing != null && request.picked()) {
              unframed = request.framingProblem();
              ended = request.ended() ? request.line() : null;
            }
          }
          if (unframed != null) {
            dropped.add(unframed);
            break;
          }
          toServer.write(buffer, 0, n);
          toServer.flush();
          if (ended != null) {
            beforeClosing.accept(ended);
            closeQuietly(client);
            open.remove(client);
            return;
          }
        }
      } catch (IOException e) {
        // one side closed: close both
      }
      closeBoth();
    }

    /** Server to client; closes both connections once a dropped answer's status line came. */
    private void answers() {
      byte[] buffer = new byte[8192];
      String answering = null;
      boolean dropping = false;
      ByteArrayOutputStream status = null;
      try {
        for (int n; (n = fromServer.read(buffer)) > 0; ) {
          synchronized (this) {
            if (request.headRead()) { // the request under way is known: its answer begins
              answering = request.line();
              dropping = request.picked();
              status = new ByteArrayOutputStream();
              request = new RequestHead(picks); // the next bytes of the client start a request
            }
          }
          if (status != null) {
            int end = indexOf(buffer, n, (byte) '\n');
            status.write(buffer, 0, end < 0 ? n : end);
            if (end >= 0) {
              answered(answering, status, dropping);
              status = null;
            }
          }
          if (dropping) {
            if (status == null) {
              return;
            }
            continue;
          }
          toClient.write(buffer, 0, n);
          toClient.flush();
        }
        if (status != null) {
          answered(answering, status, dropping); // the server closed within its status line
        }
      } catch (IOException e) {
        // one side closed: close both
      } finally {
        closeBoth();
      }
    }

    private void answered(String requestLine, ByteArrayOutputStream status, boolean drop) {
      String statusLine = status.toString(StandardCharsets.ISO_8859_1).trim();
      if (drop) {
        dropped.add(statusLine);
      }
      onAnswer.accept(requestLine, statusLine);
    }

    private static int indexOf(byte[] bytes, int length, byte b) {
      for (int i = 0; i < length; i++) {
        if (bytes[i] == b) {
          return i;
        }
      }
      return -1;
    }

    private void closeBoth() {
      closeQuietly(client);
      closeQuietly(server);
      open.remove(client);
      open.remove(server);
    }
  }
}
