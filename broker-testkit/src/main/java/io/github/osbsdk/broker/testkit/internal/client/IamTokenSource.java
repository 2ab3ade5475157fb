package io.github.osbsdk.broker.testkit.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Exchanges an IBM Cloud service ID API key for an IAM access token with one plain HTTP POST to
 * {@code {iamUrl}/identity/token}, and caches it until shortly before it expires.
 */
final class IamTokenSource {
  private static final String GRANT = "urn:ibm:params:oauth:grant-type:apikey";
  /** The longest {@code expires_in} taken as said: a day. */
  private static final long MAX_LIFETIME_SECONDS = 24 * 60 * 60;

  private final HttpClient http;
  private final URI tokenUrl;
  private final String apiKey;
  private final Duration timeout;
  private String token;
  private Instant refreshAt = Instant.MIN;

  IamTokenSource(HttpClient http, URI iamUrl, String apiKey, Duration timeout) {
    this.http = Objects.requireNonNull(http, "http == null");
    String base = Objects.requireNonNull(iamUrl, "iamUrl == null").toString();
    this.tokenUrl = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/identity/token");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
  }

  synchronized String token() {
    if (token == null || Instant.now().isAfter(refreshAt)) {
      fetch();
    }
    return token;
  }

  private void fetch() {
    String form = "grant_type=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8)
        + "&apikey=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    HttpResponse<String> response;
    try {
      response = BoundedExchange.send(http, request, timeout);
    } catch (IOException e) {
      throw new UncheckedIOException("IAM token request to " + tokenUrl + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching an IAM token", e);
    }
    int status = response.statusCode();
    if (status != 200) {
      throw new IamTokenException("IAM token request to " + tokenUrl + " answered HTTP "
          + status, status);
    }
    JsonNode json;
    try {
      json = LenientMapper.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IamTokenException("IAM token response of " + tokenUrl + " is not JSON", status);
    }
    JsonNode access = json == null ? null : json.get("access_token");
    if (access == null || !access.isTextual() || access.asText().isEmpty()) {
      throw new IamTokenException("IAM token response of " + tokenUrl + " has no access_token",
          status);
    }
    // IAM's tokens live an hour: a lifetime beyond a day is not believed (and would overflow)
    long expiresIn = Math.min(json.path("expires_in").asLong(3600), MAX_LIFETIME_SECONDS);
    token = access.asText();
    // refresh after 80% of the lifetime, and never later than 10 s before expiry
    long refreshIn = Math.max(0, Math.min(expiresIn * 8 / 10, expiresIn - 10));
    refreshAt = Instant.now().plusSeconds(refreshIn);
  }
}
