package io.github.osbsdk.broker.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** A broker served by Jersey on Grizzly at 127.0.0.1 on a random port, plus an HTTP client. */
final class TestServer implements AutoCloseable {
  static final String USER = "platform";
  static final String PASSWORD = "s3cret";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  final Broker broker;
  final HttpServer server;
  final URI base;

  TestServer(Broker broker) {
    this.broker = broker;
    this.server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
        ResourceConfig.forApplication(broker.application()), false);
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int port = server.getListener("grizzly").getPort();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  static TestServer start(TestServiceBroker sb) {
    return new TestServer(Broker.builder(sb)
        .authenticator(io.github.osbsdk.broker.core.auth.BasicAuthenticator.of(USER, PASSWORD))
        .retryAfter(Duration.ofSeconds(1)).build());
  }

  @Override
  public void close() {
    server.shutdownNow();
    broker.close();
  }

  /** A request with the usual platform headers. */
  Call call(String method, String path) {
    return new Call(this, method, path);
  }

  /** Builds and sends one request. */
  static final class Call {
    private final TestServer server;
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String[]> extra = new ArrayList<>();
    private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

    Call(TestServer server, String method, String path) {
      this.server = server;
      this.method = method;
      this.path = path;
      headers.put("X-Broker-API-Version", "2.17");
      headers.put("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    Call header(String name, String value) {
      if (value == null) {
        headers.remove(name);
      } else {
        headers.put(name, value);
      }
      return this;
    }

    /** Adds a header line, also for a name already set (the request then repeats it). */
    Call extraHeader(String name, String value) {
      extra.add(new String[] {name, value});
      return this;
    }

    Call json(String json) {
      headers.put("Content-Type", "application/json");
      body = HttpRequest.BodyPublishers.ofString(json);
      return this;
    }

    Call body(String contentType, HttpRequest.BodyPublisher publisher) {
      header("Content-Type", contentType);
      body = publisher;
      return this;
    }

    Reply send() {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + path))
          .timeout(Duration.ofSeconds(10)).method(method, body);
      headers.forEach(b::header);
      extra.forEach(h -> b.header(h[0], h[1]));
      try {
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A response. */
  record Reply(HttpResponse<String> response) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return response.body();
    }

    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + response.body(), e);
      }
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status() + " " + response.headers().map() + " " + body();
    }
  }

  /** Sends raw bytes over a socket (for request lines the JDK client refuses to send). */
  String raw(String requestLineAndHeaders) {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(requestLineAndHeaders.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
