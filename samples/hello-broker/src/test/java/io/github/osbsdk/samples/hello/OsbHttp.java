package io.github.osbsdk.samples.hello;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** A tiny HTTP client for the tests: OSB calls with broker credentials, data with binding ones. */
final class OsbHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  /** HTTP/1.1: the JDK client's default h2c upgrade attempt is not what platforms send. */
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String authorization;

  OsbHttp(URI base, String user, String password) {
    this.base = base.toString();
    this.authorization = basic(user, password);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** @return a new IBM-style instance id: a CRN with ':' and '/' */
  static String crn(String kind) {
    return "crn:v1:bluemix:public:hello-kv:us-south:a/acct1:" + kind + "-" + UUID.randomUUID()
        + "::";
  }

  static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  HttpResponse<String> osb(String method, String path, String jsonBody) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("X-Broker-API-Version", "2.17")
        .header("Authorization", authorization);
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(jsonBody));
    return send(b.build());
  }

  HttpResponse<String> osbWithout(String method, String path, String header) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10));
    if (!header.equals("X-Broker-API-Version")) {
      b.header("X-Broker-API-Version", "2.17");
    }
    if (!header.equals("Authorization")) {
      b.header("Authorization", authorization);
    }
    return send(b.method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  static HttpResponse<String> data(String method, String url, String authorization,
      String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null) {
      b.header("Content-Type", "text/plain");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return send(b.build());
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String provisionBody(String planId, String parametersJson) {
    return "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\"" + planId
        + "\",\"context\":{\"platform\":\"ibmcloud\",\"account_id\":\"acct1\"},"
        + "\"parameters\":" + parametersJson + "}";
  }

  static String bindBody(String planId, String parametersJson) {
    return "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\"" + planId
        + "\",\"parameters\":" + parametersJson + "}";
  }

  static String ids(String planId) {
    return "service_id=" + HelloCatalog.SERVICE_ID + "&plan_id=" + planId;
  }
}
