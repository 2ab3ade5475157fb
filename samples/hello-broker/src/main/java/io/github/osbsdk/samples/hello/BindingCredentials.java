package io.github.osbsdk.samples.hello;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The credentials of one binding: a generated user name and password for the data endpoint.
 *
 * <p>Only a SHA-256 digest is compared, in constant time, so neither the content nor the length
 * of the password leaks through timing. {@link #toString()} never shows the password.
 *
 * @param instanceId the instance the credentials open
 * @param bindingId the binding id
 * @param username the generated user name
 * @param password the generated password
 * @param readOnly whether the credentials may only read
 * @param parameters the bind parameters
 * @param appGuid the {@code bind_resource.app_guid} the binding was made for, may be null
 * @param url the data endpoint of the instance
 */
public record BindingCredentials(String instanceId, String bindingId, String username,
    String password, boolean readOnly, Map<String, Object> parameters, String appGuid,
    String url) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Validates and copies. */
  public BindingCredentials {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(password, "password == null");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(url, "url == null");
  }

  /**
   * Generates fresh credentials.
   *
   * @param instanceId the instance
   * @param bindingId the binding
   * @param parameters the bind parameters ({@code read_only})
   * @param appGuid the {@code bind_resource.app_guid}, may be null
   * @param url the data endpoint of the instance
   * @return the credentials
   */
  static BindingCredentials generate(String instanceId, String bindingId,
      Map<String, Object> parameters, String appGuid, String url) {
    byte[] user = new byte[8];
    byte[] secret = new byte[24];
    RANDOM.nextBytes(user);
    RANDOM.nextBytes(secret);
    return new BindingCredentials(instanceId, bindingId, "kv-" + HexFormat.of().formatHex(user),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
        Boolean.TRUE.equals(parameters.get("read_only")), parameters, appGuid, url);
  }

  /**
   * @param otherParameters the parameters of a repeated bind
   * @param otherAppGuid the {@code app_guid} of a repeated bind, may be null
   * @return whether a repeated bind asks for exactly this binding
   */
  boolean sameAs(Map<String, Object> otherParameters, String otherAppGuid) {
    return parameters.equals(otherParameters) && Objects.equals(appGuid, otherAppGuid);
  }

  /**
   * @param candidate a password presented to the data endpoint
   * @return whether it is this binding's password (constant time)
   */
  public boolean passwordMatches(String candidate) {
    return MessageDigest.isEqual(sha256(password), sha256(candidate));
  }

  /** @return the {@code credentials} object of the bind response */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("url", url);
    map.put("username", username);
    map.put("password", password);
    map.put("read_only", readOnly);
    return map;
  }

  @Override
  public String toString() {
    return "BindingCredentials[instanceId=" + instanceId + ", bindingId=" + bindingId
        + ", username=" + username + ", password=***, readOnly=" + readOnly + "]";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
