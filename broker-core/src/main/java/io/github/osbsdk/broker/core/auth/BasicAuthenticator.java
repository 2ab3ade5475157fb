package io.github.osbsdk.broker.core.auth;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.core.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * HTTP basic authentication against one or more user/password pairs (several allow rotating a
 * password without downtime).
 *
 * <p>The presented {@code user:password} is hashed once (SHA-256) and that digest is compared with
 * the precomputed digest of every configured credential through {@link MessageDigest#isEqual}, all
 * of them on every request, so the time taken does not reveal which part or which credential
 * matched. (User names contain no colon, so {@code user:password} names exactly one pair.)
 * Failures answer 401 with {@code WWW-Authenticate: Basic realm="..."}. IBM Cloud deprecates
 * basic auth for brokers; prefer IAM bearer tokens there.
 */
public final class BasicAuthenticator implements Authenticator {
  private static final String PREFIX = "basic ";
  private static final int MAX_HEADER = 8 * 1024;
  private final List<Credential> credentials;
  private final String challenge;


  /**
   * A configured user.
   *
   * @param digest SHA-256 of {@code user + ":" + password} in UTF-8
   * @param caller the caller it authenticates (immutable, so made once and shared by requests)
   */
  private record Credential(byte[] digest, AuthenticatedCaller caller) {}

  private BasicAuthenticator(Builder b) {
    this.credentials = List.copyOf(b.credentials);
    this.challenge = "Basic realm=\"" + b.realm + "\", charset=\"UTF-8\"";
  }

  /**
   * An authenticator that lets through platform calls with this one user and password.
   *
   * @param user the user name
   * @param password the password
   * @return an authenticator accepting exactly this credential
   */
  public static BasicAuthenticator of(String user, String password) {
    return builder().credential(user, password).build();
  }

  /**
   * Starts an authenticator for several users, e.g. the old and new credential during a rotation.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AuthenticatedCaller authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw Authenticator.unauthorized("Authentication is required.");
    }
    if (authorization.length() > MAX_HEADER || authorization.length() < PREFIX.length()
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw Authenticator.unauthorized("Basic authentication is required.");
    }
    byte[] presented;
    try {
      presented = Base64.getDecoder().decode(authorization.substring(PREFIX.length()).trim());
    } catch (IllegalArgumentException e) {
      throw Authenticator.unauthorized("The basic credentials are malformed.");
    }
    // decoded as UTF-8 text and encoded again, so malformed bytes compare as U+FFFD
    String decoded = new String(presented, StandardCharsets.UTF_8);
    if (decoded.indexOf(':') < 0) {
      throw Authenticator.unauthorized("The basic credentials are malformed.");
    }
    byte[] digest = sha256(decoded);
    Credential match = null;
    for (Credential c : credentials) {
      boolean ok = MessageDigest.isEqual(digest, c.digest());
      if (ok && match == null) {
        match = c;
      }
    }
    if (match == null) {
      throw Authenticator.unauthorized("The credentials are not valid.");
    }
    return match.caller();
  }

  @Override
  public String challenge() {
    return challenge;
  }

  private static byte[] sha256(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Describes the authenticator for logs without its credentials.
   *
   * @return {@code BasicAuthenticator[n credential(s)]}: the count only, never a user or password
   */
  @Override
  public String toString() {
    return "BasicAuthenticator[" + credentials.size() + " credential(s)]";
  }

  /** Configures a {@link BasicAuthenticator}. */
  public static final class Builder {
    private final List<Credential> credentials = new ArrayList<>();
    private String realm = "osb-broker";

    private Builder() {}

    /**
     * Adds an accepted credential.
     *
     * @param user the user name (no colon)
     * @param password the password (not empty)
     * @return this
     */
    public Builder credential(String user, String password) {
      Objects.requireNonNull(user, "user == null");
      Objects.requireNonNull(password, "password == null");
      if (user.isEmpty() || user.indexOf(':') >= 0) {
        throw new IllegalArgumentException("user must be non-empty without ':'");
      }
      if (password.isEmpty()) {
        throw new IllegalArgumentException("password must not be empty");
      }
      credentials.add(new Credential(sha256(user + ":" + password),
          AuthenticatedCaller.of("basic", user)));
      return this;
    }

    /**
     * Sets the realm the {@code WWW-Authenticate} header of a 401 answer names.
     *
     * @param realm the realm named in {@code WWW-Authenticate} (default {@code osb-broker})
     * @return this
     */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm == null");
      if (realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0) {
        throw new IllegalArgumentException("realm must not contain quotes or backslashes");
      }
      this.realm = realm;
      return this;
    }

    /**
     * Builds the authenticator, with every credential added.
     *
     * @return the authenticator
     */
    public BasicAuthenticator build() {
      if (credentials.isEmpty()) {
        throw new IllegalStateException("at least one credential is required");
      }
      return new BasicAuthenticator(this);
    }
  }
}
