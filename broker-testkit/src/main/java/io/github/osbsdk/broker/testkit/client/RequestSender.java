package io.github.osbsdk.broker.testkit.client;

import io.github.osbsdk.broker.core.internal.http.BoundedHttp;
import io.github.osbsdk.broker.testkit.internal.client.BoundedExchange;
import io.github.osbsdk.broker.testkit.internal.client.Credentials;
import io.github.osbsdk.broker.testkit.internal.client.Replicas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How an {@link OsbClient} reaches the broker: the HTTP client, the replicas, the credentials,
 * the API version, the timeout and the default headers, and the exchange of one request with
 * them. Immutable; its copies share the HTTP connection pool and the replicas' round robin.
 */
final class RequestSender {
  private final HttpClient http;
  private final Replicas replicas;
  private final Credentials credentials;
  private final String apiVersion;
  private final Duration timeout;
  private final Map<String, String> defaultHeaders;

  RequestSender(HttpClient http, Replicas replicas, Credentials credentials,
      String apiVersion, Duration timeout, Map<String, String> defaultHeaders) {
    this.http = http;
    this.replicas = replicas;
    this.credentials = credentials;
    this.apiVersion = apiVersion;
    this.timeout = timeout;
    this.defaultHeaders = Map.copyOf(defaultHeaders);
  }

  /**
   * The broker's base URLs.
   *
   * @return the replicas
   */
  Replicas replicas() {
    return replicas;
  }

  /**
   * The API version sent.
   *
   * @return the {@code X-Broker-API-Version}
   */
  String apiVersion() {
    return apiVersion;
  }

  /**
   * A copy that sends every request to one replica only.
   *
   * @param index the replica, 0-based (modulo the count)
   * @return the pinned copy
   */
  RequestSender onReplica(int index) {
    return new RequestSender(http, replicas.pinned(index), credentials, apiVersion, timeout,
        defaultHeaders);
  }

  /**
   * A copy with other credentials.
   *
   * @param other the credentials
   * @return the copy
   */
  RequestSender withCredentials(Credentials other) {
    return new RequestSender(http, replicas, other, apiVersion, timeout, defaultHeaders);
  }

  /**
   * A copy adding a header to every request.
   *
   * @param name header
   * @param value value
   * @return the copy
   */
  RequestSender withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(defaultHeaders);
    h.put(Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(value, "value == null"));
    return new RequestSender(http, replicas, credentials, apiVersion, timeout, h);
  }

  /** Sends a request whose body, if any, is JSON, with no other headers of its own. */
  <T> OsbResponse<T> send(String method, String path, Map<String, String> query, String body,
      Class<T> type) {
    Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type",
        "application/json");
    return send(method, path, query, body, headers, Set.of(), type);
  }

  /**
   * Sends a request to the next replica, with the API version, {@code Accept}, the credentials
   * and the default headers, then {@code extra}, less the {@code omitted} ones, and parses the
   * answer.
   *
   * @param method the method
   * @param path the path, encoded
   * @param query the query parameters, encoded here
   * @param body the body, or null
   * @param extra headers of this request
   * @param omitted lower-case names of headers not to send
   * @param type what the body is parsed into
   * @param <T> its type
   * @return the answer
   * @throws IllegalStateException when the answer is too large, or when interrupted
   * @throws UncheckedIOException when the exchange fails
   */
  <T> OsbResponse<T> send(String method, String path, Map<String, String> query, String body,
      Map<String, String> extra, Set<String> omitted, Class<T> type) {
    StringBuilder url = new StringBuilder(replicas.next()).append(path);
    char sep = path.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> q : query.entrySet()) {
      url.append(sep).append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      sep = '&';
    }
    URI uri = URI.create(url.toString());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Broker-API-Version", apiVersion);
    headers.put("Accept", "application/json");
    credentials.authorization().ifPresent(a -> headers.put("Authorization", a));
    headers.putAll(defaultHeaders);
    headers.putAll(extra);
    headers.keySet().removeIf(k -> omitted.contains(k.toLowerCase(Locale.ROOT)));
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    Map<String, List<String>> shown = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      rb.header(k, v);
      shown.put(k, List.of(k.equalsIgnoreCase("Authorization") ? Credentials.mask(v) : v));
    });
    SentRequest sent = new SentRequest(method, uri, shown, body);
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = BoundedExchange.send(http, rb.build(), timeout);
    } catch (BoundedHttp.TooLarge e) {
      // an answer, just not one the kit reads: the checks report it, it is no connection problem
      throw new IllegalStateException(sent + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(sent + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(sent + " interrupted", e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return ResponseParser.parse(sent, response.statusCode(), response.headers().map(),
        response.body(), type, elapsed);
  }
}
