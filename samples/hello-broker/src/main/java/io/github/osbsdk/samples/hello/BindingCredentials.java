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
 * What the service keeps of one binding's credentials: a generated user name and the SHA-256
 * digest of the generated password for the data endpoint, never the password itself. The clear
 * password exists only in the bind answer ({@link IssuedCredentials}); the SDK keeps a copy of
 * that answer encrypted in its registry ({@code Broker.Builder.storeCredentials}) and hands it
 * back on fetches and repeated binds. A dump of the service's tables therefore opens nothing.
 *
 * <p>The password is 192 random bits, so an unsalted fast digest is enough: there is nothing to
 * guess. {@link #passwordMatches} compares digests in constant time, so neither the content nor
 * the length of the password leaks through timing. {@link #toString()} shows neither password nor
 * digest.
 *
 * @param instanceId the instance the credentials open
 * @param bindingId the binding id
 * @param username the generated user name
 * @param passwordSha256 the SHA-256 digest of the UTF-8 bytes of the password, 64 hex digits
 *     (stored lower case)
 * @param readOnly whether the credentials may only read
 * @param parameters the bind parameters
 * @param appGuid the {@code bind_resource.app_guid} the binding was made for, may be null
 * @param url the data endpoint of the instance
 */
public record BindingCredentials(String instanceId, String bindingId, String username,
    String passwordSha256, boolean readOnly, Map<String, Object> parameters, String appGuid,
    String url) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final int DIGEST_BYTES = 32;

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when {@code passwordSha256} is not 64 hex digits (the
   *     message never shows it)
   */
  public BindingCredentials {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(passwordSha256, "passwordSha256 == null");
    passwordSha256 = HEX.formatHex(parseDigest(passwordSha256));
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(url, "url == null");
  }

  /**
   * Generates fresh credentials: the record to store and the password to answer once.
   *
   * @param instanceId the instance
   * @param bindingId the binding
   * @param parameters the bind parameters ({@code read_only})
   * @param appGuid the {@code bind_resource.app_guid}, may be null
   * @param url the data endpoint of the instance
   * @return the credentials
   */
  static IssuedCredentials generate(String instanceId, String bindingId,
      Map<String, Object> parameters, String appGuid, String url) {
    byte[] user = new byte[8];
    byte[] secret = new byte[24];
    RANDOM.nextBytes(user);
    RANDOM.nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    BindingCredentials stored = new BindingCredentials(instanceId, bindingId,
        "kv-" + HEX.formatHex(user), HEX.formatHex(sha256(password)),
        Boolean.TRUE.equals(parameters.get("read_only")), parameters, appGuid, url);
    return new IssuedCredentials(stored, password);
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
   * Tells whether a presented password is this binding's: compares its SHA-256 digest with the
   * stored one in constant time ({@link MessageDigest#isEqual}).
   *
   * @param candidate a password presented to the data endpoint
   * @return whether it is this binding's password
   */
  public boolean passwordMatches(String candidate) {
    return MessageDigest.isEqual(HEX.parseHex(passwordSha256), sha256(candidate));
  }

  /**
   * Returns the part of the {@code credentials} object the service can give from its own data:
   * {@code url}, {@code username} and {@code read_only}, without the password (which it does not
   * have).
   *
   * @return a new modifiable map, in the bind answer's order
   */
  public Map<String, Object> asMapWithoutPassword() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("url", url);
    map.put("username", username);
    map.put("read_only", readOnly);
    return map;
  }

  /** Shows neither the password's digest nor the parameters. */
  @Override
  public String toString() {
    return "BindingCredentials[instanceId=" + instanceId + ", bindingId=" + bindingId
        + ", username=" + username + ", readOnly=" + readOnly + "]";
  }

  /**
   * Digests a password as the store keeps it.
   *
   * @param password a password
   * @return the SHA-256 digest of its UTF-8 bytes
   */
  static byte[] sha256(String password) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static byte[] parseDigest(String hex) {
    byte[] digest;
    try {
      digest = HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      digest = null; // the parser's message would quote the digest
    }
    if (digest == null || digest.length != DIGEST_BYTES) {
      throw new IllegalArgumentException("passwordSha256 must be 64 hex digits");
    }
    return digest;
  }
}
