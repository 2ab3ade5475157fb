package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.CredentialKeyMismatchException;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.iam.DashboardSso;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles hello-kv for any JAX-RS container: the provider's {@link HelloServiceBroker} wrapped
 * in an SDK {@link Broker}, plus the sample's own data and dashboard resources.
 *
 * <p>The broker always keeps binding credentials in the SDK's registry, encrypted
 * ({@code Broker.Builder.storeCredentials}): the service's own data has only password digests,
 * so the registry's copy is what fetches and identical repeated binds answer. The key is
 * {@code BROKER_CREDENTIALS_KEY} ({@link StateSettings#credentialsKey()}); in memory without it, a
 * random key of this process (nothing in memory survives a restart anyway); with a database it
 * is required.
 */
public final class HelloBroker {
  private static final Logger LOG = LoggerFactory.getLogger(HelloBroker.class);

  private HelloBroker() {}

  /**
   * Builds the broker with its state in memory and no usage counting, for a server that keeps
   * its state in memory whatever the environment says (the RESTEasy, Spring and CXF samples).
   * Mount {@code broker.application()} (RESTEasy, any container deploying an
   * {@code Application}) or {@code broker.singletons()} (Jersey's {@code registerInstances}).
   *
   * @param config the configuration
   * @param store the store behind the broker and the data endpoint
   * @param publicUrl the externally visible base URL, asked on every provision and bind
   * @return the broker, catalog validated
   */
  public static Broker broker(HelloConfig config, KeyValueStore store,
      Supplier<String> publicUrl) {
    return broker(config, store, publicUrl, HelloMetrics.off());
  }

  /**
   * Builds the broker with metrics and health ({@code BROKER_METRICS=true}, see
   * {@link HelloMetrics} and {@link MetricsEndpoints}), state in memory whatever the environment
   * says.
   *
   * @param config the configuration
   * @param store the store behind the broker and the data endpoint
   * @param publicUrl the externally visible base URL, asked on every provision and bind
   * @param metrics where the SDK's meters go and what {@code /health} checks
   * @return the broker, catalog validated
   */
  public static Broker broker(HelloConfig config, KeyValueStore store,
      Supplier<String> publicUrl, HelloMetrics metrics) {
    return build(config, HelloState.inMemory(store), DataUsage.NONE, publicUrl, metrics, false);
  }

  /**
   * Builds the broker on the given state, without metrics.
   *
   * @param config the configuration
   * @param state where the registry, SSO keys and the service's data live
   * @param usage told of every successful data call (usage-based billing)
   * @param publicUrl the externally visible base URL, asked on every provision and bind
   * @return the broker, catalog validated
   */
  public static Broker broker(HelloConfig config, HelloState state, DataUsage usage,
      Supplier<String> publicUrl) {
    return broker(config, state, usage, publicUrl, HelloMetrics.off());
  }

  /**
   * Builds the broker on the given state: the SDK's registry and the SSO keys in PostgreSQL when
   * the state has them, the operation lease from {@code BROKER_LEASE_S}, binding credentials
   * stored encrypted under {@code BROKER_CREDENTIALS_KEY} (see {@link #credentialsKey}), meters
   * and health from {@code metrics}.
   *
   * @param config the configuration
   * @param state where the registry, SSO keys and the service's data live
   * @param usage told of every successful data call (usage-based billing)
   * @param publicUrl the externally visible base URL, asked on every provision and bind
   * @param metrics where the SDK's meters go and what {@code /health} checks
   * @return the broker, catalog validated
   * @throws IllegalArgumentException when the state is in a database and the configuration has
   *     no credentials key
   * @throws CredentialKeyMismatchException when the credentials key (nor any previous one) does
   *     not open the binding credentials already in the database: another replica has another
   *     key
   */
  public static Broker broker(HelloConfig config, HelloState state, DataUsage usage,
      Supplier<String> publicUrl, HelloMetrics metrics) {
    return build(config, state, usage, publicUrl, metrics, true);
  }

  /**
   * Builds the broker; {@code databaseSupported} says whether this server would keep its state
   * in {@code BROKER_DATABASE_URL} (only then does the log say the key is required there).
   */
  private static Broker build(HelloConfig config, HelloState state, DataUsage usage,
      Supplier<String> publicUrl, HelloMetrics metrics, boolean databaseSupported) {
    Objects.requireNonNull(config, "config == null");
    SecretKey credentialsKey = credentialsKey(config, state);
    DashboardSso sso = dashboardSso(config, state);
    LOG.info(ssoNote(config));
    HelloServiceBroker provider = new HelloServiceBroker(state.store(), publicUrl,
        config.asyncDelay(), usage);
    Authenticator authenticator = authenticator(config, metrics.registry());
    Broker.Builder builder = Broker.builder(provider)
        .step(HelloServiceBroker.PROVISION_STEP, provider::provisionSlowly)
        .lease(config.state().lease())
        .authenticator(authenticator)
        .storeCredentials(credentialsKey, config.state().previousCredentialsKeys())
        .register(new DataResource(state.store(), usage))
        .register(sso != null ? sso.resource() : new DashboardResource());
    if (state.brokerStore() != null) {
      builder.store(state.brokerStore());
    }
    Broker built;
    try {
      built = metrics.configure(builder).build();
    } catch (CredentialKeyMismatchException e) {
      throw new CredentialKeyMismatchException(e.getMessage() + ". Here: "
          + StateSettings.CREDENTIALS_KEY_VARIABLE + " must be the same on every replica; an"
          + " earlier key goes in " + StateSettings.PREVIOUS_KEYS_VARIABLE);
    }
    Broker broker = metrics.watch(built, authenticator,
        usage instanceof HelloMetering m ? m.reporter() : null);
    if (config.state().credentialsKey() == null) {
      LOG.info(perProcessKeyNote(databaseSupported));
    }
    return broker;
  }

  /**
   * What the log says of a broker built on the random key of this process.
   *
   * @param databaseSupported whether the server would keep its state in
   *     {@code BROKER_DATABASE_URL} when set
   * @return the line
   */
  static String perProcessKeyNote(boolean databaseSupported) {
    return "No " + StateSettings.CREDENTIALS_KEY_VARIABLE + " set: binding credentials in the"
        + " in-memory registry are encrypted under a random key of this process (in memory"
        + " nothing survives a restart anyway)."
        + (databaseSupported ? " With BROKER_DATABASE_URL the key is required." : "");
  }

  /**
   * Chooses the key under which the SDK's registry keeps binding credentials:
   * {@code BROKER_CREDENTIALS_KEY} when set; else, for state in memory, a random 256-bit key of
   * this process (each broker built on it says so at INFO); a database without the key fails
   * closed, since replicas and restarts must decrypt what another process stored.
   *
   * @param config the configuration
   * @param state where the registry lives
   * @return the key
   * @throws IllegalArgumentException when the state is in a database and no key is configured
   */
  static SecretKey credentialsKey(HelloConfig config, HelloState state) {
    SecretKey configured = config.state().credentialsKey();
    if (configured != null) {
      return configured;
    }
    if (state.brokerStore() != null) {
      throw new IllegalArgumentException(StateSettings.missingKeyMessage());
    }
    return PerProcessKey.KEY;
  }

  /** The random credentials key of this process, made on first use. */
  private static final class PerProcessKey {
    static final SecretKey KEY = generate();

    private static SecretKey generate() {
      try {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        return generator.generateKey();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("AES is missing from this JVM", e);
      }
    }
  }

  /**
   * Dashboard single sign-on through IAM, when {@code BROKER_AUTH=iam}, SSO is configured (always
   * with the embedded simulator) and the public URL is known before start (a fixed port or
   * {@code PUBLIC_URL}); otherwise the placeholder dashboard is served.
   *
   * @param config the configuration
   * @param state where the SSO keys live
   * @return the SSO, or null
   */
  static DashboardSso dashboardSso(HelloConfig config, HelloState state) {
    return ssoEnabled(config) ? HelloIam.forSettings(config.iam())
        .dashboardSso(config.publicUrl(config.port()), state.ssoKeys()) : null;
  }

  /**
   * @param config the configuration
   * @return whether {@link #dashboardSso} serves dashboards
   */
  static boolean ssoEnabled(HelloConfig config) {
    return "iam".equals(config.auth()) && config.iam().ssoConfigured()
        && (config.port() != 0 || config.publicUrl() != null);
  }

  /**
   * What the log says at every start about dashboard SSO: whether {@link #ssoEnabled} serves
   * dashboards behind it and why, naming the variables, never a value.
   *
   * @param config the configuration
   * @return one line, e.g. {@code Dashboard SSO is off: BROKER_AUTH=basic (...)}
   */
  static String ssoNote(HelloConfig config) {
    String placeholder = "; /dashboard/<instance id> serves a placeholder page";
    if (!"iam".equals(config.auth())) {
      return "Dashboard SSO is off: BROKER_AUTH=basic (the sample signs dashboard users in"
          + " through IAM only with BROKER_AUTH=iam)" + placeholder;
    }
    if (!config.iam().ssoConfigured()) {
      return "Dashboard SSO is off: IAM_URL is set without a complete SSO client (set"
          + " SSO_CLIENT_ID, SSO_CLIENT_SECRET and BROKER_API_KEY to turn it on)" + placeholder;
    }
    if (!ssoEnabled(config)) {
      return "Dashboard SSO is off: PORT=0 without PUBLIC_URL (the redirect URI,"
          + " <PUBLIC_URL>/dashboard/callback, is not known before the start; set PUBLIC_URL or"
          + " a fixed PORT to turn it on)" + placeholder;
    }
    if (config.iam().iamUrl() == null) {
      return "Dashboard SSO is on: through the embedded IAM simulator (IAM_URL unset), which"
          + " signs every browser in as " + HelloIam.DEMO_USER_ID;
    }
    String on = "Dashboard SSO is on: through IAM_URL with the client of SSO_CLIENT_ID, redirect"
        + " URI ";
    if (config.publicUrl() != null) {
      return on + "<PUBLIC_URL>/dashboard/callback";
    }
    // the redirect URI is HelloConfig.publicUrl(port): a wildcard HOST becomes localhost there
    return config.hostIsWildcard()
        ? on + "<http://localhost:PORT>/dashboard/callback (HOST is a wildcard address, so the"
            + " redirect URI names localhost, which only a browser on this machine reaches; set"
            + " PUBLIC_URL to the URL browsers reach the broker at)"
        : on + "<http://HOST:PORT>/dashboard/callback";
  }

  /**
   * Chooses how platform calls ({@code /v2/**}, {@code /bluemix_v1/**}) are authenticated, from
   * {@code BROKER_AUTH}: {@code iam} (default; broker-iam's {@code IamAuthenticator}, see
   * {@link HelloIam}) or {@code basic}.
   *
   * @param config the configuration
   * @return the authenticator
   * @throws IllegalArgumentException for an unknown scheme
   */
  static Authenticator authenticator(HelloConfig config) {
    return authenticator(config, null);
  }

  /**
   * As {@link #authenticator(HelloConfig)}, counting IAM token verifications on a registry.
   *
   * @param config the configuration
   * @param meterRegistry a Micrometer registry, or null
   * @return the authenticator
   */
  static Authenticator authenticator(HelloConfig config, Object meterRegistry) {
    switch (config.auth()) {
      case "basic":
        return BasicAuthenticator.of(config.username(), config.password());
      case "iam":
        return HelloIam.forSettings(config.iam()).authenticator(meterRegistry);
      default:
        throw new IllegalArgumentException("BROKER_AUTH must be 'iam' or 'basic', not "
            + EnvValues.described(config.auth()));
    }
  }
}
