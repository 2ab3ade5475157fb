package io.github.osbsdk.broker.testkit.internal.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** Produces the {@code Authorization} header value of each request (or none). */
@FunctionalInterface
public interface Credentials {
  /** @return the header value, empty to send none */
  Optional<String> authorization();

  /** @return no credentials */
  static Credentials none() {
    return Optional::empty;
  }

  /**
   * @param username the user
   * @param password the password
   * @return HTTP basic credentials
   */
  static Credentials basic(String username, String password) {
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(password, "password == null");
    String value = "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return () -> Optional.of(value);
  }

  /**
   * @param token a bearer token
   * @return bearer credentials
   */
  static Credentials bearer(String token) {
    Objects.requireNonNull(token, "token == null");
    String value = "Bearer " + token;
    return () -> Optional.of(value);
  }

  /**
   * @param http the HTTP client
   * @param iamUrl the IAM base URL
   * @param apiKey the service ID API key
   * @param timeout the token request timeout
   * @return bearer credentials from a token the API key is exchanged for (cached)
   */
  static Credentials iamApiKey(HttpClient http, URI iamUrl, String apiKey, Duration timeout) {
    IamTokenSource source = new IamTokenSource(http, iamUrl, apiKey, timeout);
    return () -> Optional.of("Bearer " + source.token());
  }

  /**
   * @param value an {@code Authorization} header value
   * @return it with the secret part replaced by {@code ****}
   */
  static String mask(String value) {
    if (value == null) {
      return null;
    }
    int space = value.indexOf(' ');
    return space > 0 ? value.substring(0, space) + " ****" : "****";
  }
}
