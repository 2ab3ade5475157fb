package io.github.osbsdk.samples.hello;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The sample's configuration, read from environment variables.
 *
 * @param host the bind address ({@code HOST}, default {@code 0.0.0.0})
 * @param port the port ({@code PORT}, default 8080; 0 picks a free one)
 * @param publicUrl the base URL put into dashboard and credential URLs ({@code PUBLIC_URL},
 *     default {@code http://<host or localhost>:<port>})
 * @param auth the authentication scheme of platform calls ({@code BROKER_AUTH}: {@code iam},
 *     the default, or {@code basic})
 * @param username the basic-auth user name ({@code BROKER_USERNAME}, default {@code broker})
 * @param password the basic-auth password ({@code BROKER_PASSWORD}; generated when unset in
 *     memory, required with {@code BROKER_AUTH=basic} and a database)
 * @param passwordGenerated whether {@code password} was generated
 * @param asyncDelay how long the {@code async} plan provisions ({@code ASYNC_DELAY_MS}, default
 *     3000)
 * @param iam the IAM settings used when {@code auth} is {@code iam} ({@code IAM_URL},
 *     {@code BROKER_ALLOWED_IDENTITIES}, {@code SSO_CLIENT_ID}, {@code SSO_CLIENT_SECRET},
 *     {@code BROKER_API_KEY})
 * @param state where state lives ({@code BROKER_DATABASE_URL}, {@code BROKER_DATABASE_USER},
 *     {@code BROKER_DATABASE_PASSWORD}, {@code BROKER_LEASE_S}) and the key of the stored binding
 *     credentials ({@code BROKER_CREDENTIALS_KEY}, required with a database)
 * @param metering usage reporting of the {@code metered} plan ({@code METERING_URL},
 *     {@code METERING_INTERVAL_S}, {@code IAM_URL}, {@code IAM_APIKEY},
 *     {@code METERING_RESOURCE_ID})
 */
public record HelloConfig(String host, int port, String publicUrl, String auth, String username,
    String password, boolean passwordGenerated, Duration asyncDelay, IamSettings iam,
    StateSettings state, MeteringSettings metering) {

  /** Validates. */
  public HelloConfig {
    Objects.requireNonNull(host, "host == null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535: " + port);
    }
    Objects.requireNonNull(auth, "auth == null");
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(password, "password == null");
    Objects.requireNonNull(asyncDelay, "asyncDelay == null");
    Objects.requireNonNull(iam, "iam == null");
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(metering, "metering == null");
    if (publicUrl != null && publicUrl.endsWith("/")) {
      publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }
  }

  /** The longest {@code ASYNC_DELAY_MS}: one hour. */
  static final long MAX_ASYNC_DELAY_MS = 3_600_000;

  /** The settings {@link #fromEnvironmentInMemory} ignores. */
  static final List<String> DATABASE_VARIABLES = List.of("BROKER_DATABASE_URL",
      "BROKER_DATABASE_USER", "BROKER_DATABASE_PASSWORD");

  /**
   * Reads the configuration as {@link #fromEnvironment} does, for a server that keeps its state
   * in memory whatever the environment says (the RESTEasy, Spring and CXF samples):
   * {@code BROKER_DATABASE_URL}, {@code BROKER_DATABASE_USER} and
   * {@code BROKER_DATABASE_PASSWORD} are ignored, so they neither start a database nor require
   * {@code BROKER_CREDENTIALS_KEY}.
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the configuration, state in memory
   * @throws IllegalArgumentException for a malformed setting
   */
  public static HelloConfig fromEnvironmentInMemory(Map<String, String> env) {
    Map<String, String> copy = new HashMap<>(env);
    copy.keySet().removeAll(DATABASE_VARIABLES);
    return fromEnvironment(copy, env);
  }

  /**
   * Says that a server which keeps its state in memory ignores the database settings, when
   * {@code BROKER_DATABASE_URL} is set.
   *
   * @param env the environment
   * @param sample the sample's name
   * @return the note, or empty when no database is set
   */
  public static String inMemoryNote(Map<String, String> env, String sample) {
    String url = env.get("BROKER_DATABASE_URL");
    return url == null || url.isBlank() ? ""
        : "Note: " + sample + " keeps its state in memory and ignores BROKER_DATABASE_URL"
            + " (samples/hello-broker keeps it in PostgreSQL).";
  }

  /**
   * Reads the configuration.
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the configuration
   * @throws IllegalArgumentException for a malformed setting, e.g. a
   *     {@code BROKER_CREDENTIALS_KEY} that is not base64 of 16, 24 or 32 bytes, or
   *     {@code BROKER_DATABASE_URL} without {@code BROKER_CREDENTIALS_KEY} (see
   *     {@link StateSettings#fromEnvironment})
   */
  public static HelloConfig fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, env);
  }

  /**
   * Reads the configuration from {@code env}; the settings that only a database uses are refused
   * when {@code original} sets no {@code BROKER_DATABASE_URL}.
   */
  private static HelloConfig fromEnvironment(Map<String, String> env,
      Map<String, String> original) {
    String password = env.get("BROKER_PASSWORD");
    if (password != null && !password.isEmpty() && password.isBlank()) {
      throw new IllegalArgumentException("BROKER_PASSWORD must not be only white space (unset"
          + " or empty: one is generated and printed)");
    }
    boolean generated = password == null || password.isEmpty();
    if (generated) {
      byte[] bytes = new byte[18];
      new SecureRandom().nextBytes(bytes);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    int port = port(env, 8080);
    String username = env.getOrDefault("BROKER_USERNAME", "broker");
    if (username.isBlank() || username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("BROKER_USERNAME must be non-empty and without ':'");
    }
    if (!username.equals(username.strip())) {
      // not stripped: the platform sends the user name it was registered with, and a name
      // taken other than as given would answer every call 401 without a word
      throw new IllegalArgumentException("BROKER_USERNAME must not begin or end with white"
          + " space");
    }
    long asyncDelay = EnvValues.read(env, "ASYNC_DELAY_MS", 3000, 0, MAX_ASYNC_DELAY_MS, "");
    String auth = auth(env);
    IamSettings.refuseSsoWithBasicAuth(env, auth);
    String databaseUrl = env.get("BROKER_DATABASE_URL");
    if (generated && "basic".equals(auth) && databaseUrl != null && !databaseUrl.isBlank()) {
      // a generated password differs on every replica: each would refuse the platform's calls
      // that the others answer
      throw new IllegalArgumentException("BROKER_PASSWORD is required with BROKER_AUTH=basic"
          + " and BROKER_DATABASE_URL: every replica must accept the same password (one is"
          + " generated only for a single process with its state in memory)");
    }
    IamSettings iam = IamSettings.fromEnvironment(env);
    IamSettings.refuseApiKeysWithoutIamUrl(iam, env);
    String publicUrl = publicUrl(env);
    IamSettings.refuseSsoWithoutRedirectUri(iam, port, publicUrl);
    if ("iam".equals(auth) && iam.iamUrl() != null && iam.allowedIdentities().isEmpty()) {
      throw new IllegalArgumentException(HelloIam.ALLOWED_IDENTITIES_REQUIRED);
    }
    StateSettings state = StateSettings.fromEnvironment(env);
    StateSettings.refuseDatabaseSettingsWithoutDatabase(original);
    return new HelloConfig(
        host(env, "0.0.0.0"),
        port,
        publicUrl,
        auth,
        username,
        password,
        generated,
        Duration.ofMillis(asyncDelay),
        iam,
        state,
        MeteringSettings.fromEnvironment(env));
  }

  /**
   * Reads a listener's port from {@code PORT}, as the sample does: a whole number from 0 (a
   * free port) to 65535; any other value is refused with a message naming the variable.
   *
   * @param env the environment
   * @param fallback the port when {@code PORT} is unset or blank
   * @return the port
   * @throws IllegalArgumentException when {@code PORT} is not a whole number from 0 to 65535
   */
  public static int port(Map<String, String> env, int fallback) {
    return (int) EnvValues.read(env, "PORT", fallback, 0, 65535, "");
  }

  /**
   * Reads a listener's address from {@code HOST}, as the sample does: a host name or an IP
   * address (an IPv6 address with or without brackets).
   *
   * @param env the environment
   * @param fallback the address when {@code HOST} is unset or blank
   * @return a host name or an IP address (an IPv6 address in brackets)
   * @throws IllegalArgumentException when {@code HOST} is neither
   */
  public static String host(Map<String, String> env, String fallback) {
    return host("HOST", env.get("HOST"), fallback);
  }

  /**
   * {@code BROKER_AUTH}: unset is {@code iam}; else {@code iam} or {@code basic}, in any case,
   * white space around it ignored (a blank value is refused: it names no scheme).
   */
  private static String auth(Map<String, String> env) {
    String value = env.get("BROKER_AUTH");
    if (value == null) {
      return "iam";
    }
    String auth = value.strip().toLowerCase(Locale.ROOT);
    if (!auth.equals("iam") && !auth.equals("basic")) {
      // never quoted: people set it to the basic-auth login (BROKER_AUTH=user:password)
      throw new IllegalArgumentException("BROKER_AUTH must be 'iam' or 'basic', not "
          + EnvValues.described(value));
    }
    return auth;
  }

  /**
   * Reads a listener's address setting.
   *
   * @param variable the variable, for the message
   * @param value its value, or null
   * @param fallback the address when unset or blank
   * @return a host name or an IP address (an IPv6 address in brackets)
   * @throws IllegalArgumentException when the value is neither
   */
  static String host(String variable, String value, String fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String host = value.strip();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 address: bracketed, or the URI loses the port
    }
    try {
      URI uri = new URI("http://" + host + ":1/");
      if (uri.getHost() == null || uri.getPort() != 1) {
        throw new URISyntaxException(host, "no host");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(variable + " must be a host name or an IP address,"
          + " not " + EnvValues.described(value), e);
    }
    return host;
  }

  /**
   * {@code PUBLIC_URL}: unset or blank is null; else an absolute http or https URL without user
   * name or password, query or fragment.
   */
  private static String publicUrl(Map<String, String> env) {
    String url = env.get("PUBLIC_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    url = url.strip();
    // looked for before parsing, so that not even a malformed URL's password is quoted
    if (url.replaceFirst("^[^/?#]*//", "").replaceFirst("[/?#].*", "").contains("@")) {
      throw new IllegalArgumentException("PUBLIC_URL must not contain a user name or password"
          + " (user:password@host): it is put into every dashboard URL and binding's url");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new URISyntaxException(url, "not an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("PUBLIC_URL must be an absolute http or https URL"
          + " without query, e.g. https://broker.example.com, not " + EnvValues.describedUrl(url),
          e);
    }
    return url;
  }

  /**
   * A configuration for tests: 127.0.0.1, a free port, basic auth.
   *
   * @param username the user name
   * @param password the password
   * @param asyncDelay how long the {@code async} plan provisions
   * @return the configuration
   */
  public static HelloConfig local(String username, String password, Duration asyncDelay) {
    return new HelloConfig("127.0.0.1", 0, null, "basic", username, password, false, asyncDelay,
        IamSettings.embedded(), StateSettings.inMemory(), MeteringSettings.embedded());
  }

  /**
   * A configuration for tests: 127.0.0.1, a free port, IAM bearer auth against an embedded IAM
   * simulator (no dashboard SSO, since the port is not known in advance).
   *
   * @param asyncDelay how long the {@code async} plan provisions
   * @return the configuration
   */
  public static HelloConfig localIam(Duration asyncDelay) {
    return new HelloConfig("127.0.0.1", 0, null, "iam", "broker", "unused", false, asyncDelay,
        IamSettings.embedded(), StateSettings.inMemory(), MeteringSettings.embedded());
  }

  /**
   * Returns this configuration with other state settings.
   *
   * @param newState where state lives
   * @return the copy
   */
  public HelloConfig withState(StateSettings newState) {
    return new HelloConfig(host, port, publicUrl, auth, username, password, passwordGenerated,
        asyncDelay, iam, newState, metering);
  }

  /**
   * Returns this configuration with other metering settings.
   *
   * @param newMetering how usage is reported
   * @return the copy
   */
  public HelloConfig withMetering(MeteringSettings newMetering) {
    return new HelloConfig(host, port, publicUrl, auth, username, password, passwordGenerated,
        asyncDelay, iam, state, newMetering);
  }

  /**
    * The base URL put into dashboard and credential URLs.
    *
   * @param actualPort the port the server listens on
   * @return {@link #publicUrl()} or, when unset, a URL built from host and port
   */
  public String publicUrl(int actualPort) {
    if (publicUrl != null) {
      return publicUrl;
    }
    return "http://" + (hostIsWildcard() ? "localhost" : host) + ":" + actualPort;
  }

  /**
   * Whether {@code HOST} is a wildcard address ({@code 0.0.0.0}, {@code ::}): the server listens
   * on every interface, and no browser can reach that address, so {@link #publicUrl(int)} names
   * {@code localhost} instead.
   *
   * @return whether it is
   */
  public boolean hostIsWildcard() {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
