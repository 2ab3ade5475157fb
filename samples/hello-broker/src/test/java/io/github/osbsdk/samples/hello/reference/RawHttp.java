package io.github.osbsdk.samples.hello.reference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends hand-written bytes to a server over a plain socket, so tests can send what no HTTP
 * client library would (raw spaces, control bytes, malformed escapes), and reads the answer.
 */
public final class RawHttp {
  private final URI base;

  /**
   * A client of one server.
   *
   * @param base the server's base URI (scheme, host and port are used)
   */
  public RawHttp(URI base) {
    this.base = base;
  }

  /**
   * Sends a request head (and optional body) built from text, closing the connection after it.
   *
   * @param requestLine e.g. {@code GET /v2/catalog HTTP/1.1}, without line end
   * @param headers extra header lines, each without line end
   * @param body the body, may be null
   * @return the answer
   */
  public Answer send(String requestLine, java.util.List<String> headers, String body) {
    StringBuilder head = new StringBuilder(requestLine).append("\r\n")
        .append("Host: ").append(base.getHost()).append(':').append(base.getPort())
        .append("\r\n").append("Connection: close\r\n");
    headers.forEach(h -> head.append(h).append("\r\n"));
    byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(bodyBytes);
    return sendBytes(request.toByteArray());
  }

  /**
   * Sends raw bytes and reads until the server closes the connection (or 10 s pass); a server
   * may answer and close before it has read the whole request.
   *
   * @param request the complete request
   * @return the answer
   */
  public Answer sendBytes(byte[] request) {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (java.net.SocketException e) {
        // the server answered before the whole request was sent (e.g. 413 from the
        // Content-Length alone) and closed: its answer is still to be read; none gives status 0
      }
      return Answer.parse(readAll(s.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to " + base, e);
    }
  }

  /**
   * Sends raw bytes on a connection the request keeps alive, and reads until the server closes
   * it or 10 s pass.
   *
   * @param request the complete request, or several
   * @return everything the server sent, as text, and whether it closed the connection
   */
  public Exchange sendKeepAlive(byte[] request) {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
      } catch (java.net.SocketException e) {
        // answered and closed before the whole request was sent: read the answer
      }
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      boolean closed = false;
      try {
        for (int n; (n = s.getInputStream().read(chunk)) >= 0; ) {
          buffer.write(chunk, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        // left open
      } catch (java.net.SocketException e) {
        closed = true; // reset after answering
      }
      return new Exchange(new String(buffer.toByteArray(), StandardCharsets.UTF_8), closed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to " + base, e);
    }
  }

  /**
   * What came back on a kept-alive connection.
   *
   * @param text everything the server sent
   * @param closed whether the server closed the connection (rather than 10 s passing)
   */
  public record Exchange(String text, boolean closed) {
    /**
     * How many answers came.
     *
     * @return the number of status lines
     */
    public int answers() {
      int n = 0;
      for (int i = text.indexOf("HTTP/1."); i >= 0; i = text.indexOf("HTTP/1.", i + 1)) {
        n += i == 0 || text.startsWith("\n", i - 1) ? 1 : 0;
      }
      return n;
    }

    /**
     * The first answer.
     *
     * @return the first answer, parsed
     */
    public Answer first() {
      return Answer.parse(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      for (int n; (n = in.read(chunk)) > 0; ) {
        buffer.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // a server that keeps the connection open or resets it after answering: keep what came
    }
    return buffer.toByteArray();
  }

  /**
   * A parsed answer.
   *
   * @param status the status code, 0 when nothing (or no status line) came back
   * @param headers the headers, names in lower case
   * @param body the body as text (chunked bodies decoded)
   * @param raw the whole answer as text
   */
  public record Answer(int status, Map<String, String> headers, String body, String raw) {
    static Answer parse(byte[] bytes) {
      String raw = new String(bytes, StandardCharsets.UTF_8);
      int end = raw.indexOf("\r\n\r\n");
      if (!raw.startsWith("HTTP/1.") || end < 0) {
        return new Answer(0, Map.of(), "", raw);
      }
      String[] lines = raw.substring(0, end).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      String body = raw.substring(end + 4);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = dechunk(body);
      }
      return new Answer(status, headers, body, raw);
    }

    private static String dechunk(String s) {
      StringBuilder out = new StringBuilder();
      int i = 0;
      while (i < s.length()) {
        int eol = s.indexOf("\r\n", i);
        if (eol < 0) {
          break;
        }
        int size = Integer.parseInt(s.substring(i, eol).split(";")[0].trim(), 16);
        if (size == 0) {
          break;
        }
        out.append(s, eol + 2, Math.min(s.length(), eol + 2 + size));
        i = eol + 2 + size + 2;
      }
      return out.toString();
    }

    /**
     * The {@code Content-Type} header, empty when absent.
     *
     * @return the {@code Content-Type} header, empty when absent
     */
    public String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }
}
