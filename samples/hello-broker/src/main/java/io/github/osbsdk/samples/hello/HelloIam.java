package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.iam.AuthzClient;
import io.github.osbsdk.broker.iam.DashboardSso;
import io.github.osbsdk.broker.iam.DashboardUser;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.iam.ServiceIdTokenProvider;
import io.github.osbsdk.broker.iam.SsoKeyStore;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sample's IAM wiring: the bearer authenticator for platform calls and dashboard SSO, against
 * a real IAM ({@code IAM_URL}) or, when unset, an embedded {@link IamSimulator} on 127.0.0.1 with
 * a platform caller, a broker service ID and a demo user who may view every dashboard.
 */
public final class HelloIam {
  /** The platform caller the embedded simulator issues the printed token to. */
  public static final String DEMO_PLATFORM_ID = "iam-ServiceId-hello-platform";
  /** The user the embedded simulator signs in to dashboards. */
  public static final String DEMO_USER_ID = "IBMid-hello-demo";
  private static final String DEMO_API_KEY = "hello-broker-demo-api-key";
  /** Why a real IAM without allowed identities is refused. */
  static final String ALLOWED_IDENTITIES_REQUIRED = "BROKER_ALLOWED_IDENTITIES is required with"
      + " IAM_URL: the iam_id(s) IBM Cloud calls the broker with, e.g. crn-<broker CRN>";
  private static final Map<IamSettings, HelloIam> STARTED = new ConcurrentHashMap<>();

  private final IamSimulator simulator;
  /** The embedded simulator's API key of the platform caller, printed once; null with IAM_URL. */
  private final String platformApiKey;
  private final IamConfig config;
  private final IamAuthenticator authenticator;
  private final Set<String> allowed;
  private final IamSettings settings;
  /** The redirect URIs registered for the embedded simulator's SSO client. */
  private final Set<URI> redirectUris = ConcurrentHashMap.newKeySet();

  private HelloIam(IamSettings settings) {
    this.settings = settings;
    if (settings.iamUrl() == null) {
      simulator = IamSimulator.start();
      simulator.registerApiKey(DEMO_API_KEY, "iam-ServiceId-hello-broker");
      // the SSO client and its redirect URIs: registered by dashboardSso(publicUrl)
      simulator.loginAs(DEMO_USER_ID, IamSimulator.DEFAULT_ACCOUNT_ID);
      simulator.permit(DEMO_USER_ID, HelloCatalog.SERVICE_NAME + ".dashboard.view", "*");
      config = IamConfig.builder().iamUrl(simulator.baseUrl()).build();
    } else {
      simulator = null;
      config = IamConfig.builder().iamUrl(settings.iamUrl()).build();
    }
    allowed = settings.allowedIdentities().isEmpty() && simulator != null
        ? Set.of(DEMO_PLATFORM_ID) : settings.allowedIdentities();
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException(ALLOWED_IDENTITIES_REQUIRED);
    }
    // the printed token expires after an hour: with this key the platform caller gets new ones
    // as IBM Cloud does (a fresh random key per start, as a generated password is)
    platformApiKey = simulator == null ? null : newApiKey();
    if (simulator != null) {
      simulator.registerApiKey(platformApiKey, allowed.iterator().next());
    }
    authenticator = IamAuthenticator.builder(config).allowedIdentities(allowed).build();
  }

  /**
    * Returns the IAM wiring for the settings, started (with its embedded simulator) once per JVM.
    *
   * @param settings the settings
   * @return the wiring for these settings, started once per JVM
   */
  public static HelloIam forSettings(IamSettings settings) {
    return STARTED.computeIfAbsent(settings, HelloIam::new);
  }

  /**
   * The bearer authenticator of platform calls.
   *
   * @return the authenticator for {@code /v2/**} and {@code /bluemix_v1/**}
   */
  public IamAuthenticator authenticator() {
    return authenticator;
  }

  /**
   * The authenticator, counting token verifications and key fetches on a registry.
   *
   * @param meterRegistry a Micrometer registry, or null for {@link #authenticator()}
   * @return a new authenticator on that registry, or the shared one without a registry
   */
  public IamAuthenticator authenticator(Object meterRegistry) {
    return meterRegistry == null ? authenticator : IamAuthenticator.builder(config)
        .allowedIdentities(allowed).meterRegistry(meterRegistry).build();
  }

  /**
    * Builds dashboard SSO whose session keys live in broker-iam's in-memory default store.
    *
   * @param publicUrl the broker's public base URL (the redirect URI is
   *     {@code <publicUrl>/dashboard/callback})
   * @return the SSO, or null when SSO settings are missing
   */
  public DashboardSso dashboardSso(String publicUrl) {
    return dashboardSso(publicUrl, null);
  }

  /**
   * Builds dashboard SSO whose session keys live in a key store (shared by replicas).
   *
   * @param publicUrl the broker's public base URL (the redirect URI is
   *     {@code <publicUrl>/dashboard/callback})
   * @param keys the SSO key store, or null for broker-iam's in-memory default
   * @return the SSO, or null when SSO settings are missing
   * @throws IllegalArgumentException naming {@code PUBLIC_URL} when the redirect URI on it is
   *     refused (plain http on a host other than a loopback one)
   */
  public DashboardSso dashboardSso(String publicUrl, SsoKeyStore keys) {
    if (!settings.ssoConfigured()) {
      return null;
    }
    boolean embedded = simulator != null;
    URI redirectUri = URI.create(publicUrl + "/dashboard/callback");
    if (embedded) { // like Partner Center: IAM redirects only to registered URIs
      synchronized (redirectUris) {
        redirectUris.add(redirectUri);
        simulator.registerClient("hello-dashboard", "hello-dashboard-secret",
            redirectUris.toArray(URI[]::new));
      }
    }
    ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(config,
        embedded ? DEMO_API_KEY : settings.apiKey()).build();
    DashboardSso.Builder builder = DashboardSso.builder(config);
    if (keys != null) {
      builder.keyStore(keys);
    }
    try {
      builder.redirectUri(redirectUri);
    } catch (IllegalArgumentException e) {
      // broker-iam names its builder parameter; the setting behind it is PUBLIC_URL (its host
      // only is shown, never its path)
      String message = String.valueOf(e.getMessage());
      throw new IllegalArgumentException(message.startsWith("redirectUri ")
          ? "PUBLIC_URL" + message.substring("redirectUri".length())
          : "PUBLIC_URL is not usable for dashboard SSO: " + message, e);
    }
    return builder
        .clientId(embedded ? "hello-dashboard" : settings.ssoClientId())
        .clientSecret(embedded ? "hello-dashboard-secret" : settings.ssoClientSecret())
        .serviceName(HelloCatalog.SERVICE_NAME)
        .authz(AuthzClient.builder(config, tokens).build())
        .verifier(authenticator)
        .dashboard(HelloIam::render)
        .build();
  }

  /**
   * Returns the token source of the broker's own service ID, for the metering API.
   *
   * @param apiKey the service ID's API key; ignored with the embedded simulator, which knows a
   *     demo key
   * @return the token provider
   */
  public ServiceIdTokenProvider serviceIdTokens(String apiKey) {
    return ServiceIdTokenProvider.builder(config, simulator != null ? DEMO_API_KEY : apiKey)
        .build();
  }

  /**
   * Returns the embedded IAM simulator.
   *
   * @return the simulator, or null with a real IAM
   */
  public IamSimulator simulator() {
    return simulator;
  }

  /**
   * A platform token to try the broker with, valid for an hour.
   *
   * @return a fresh platform token from the embedded simulator, or null with a real IAM
   */
  public String exampleToken() {
    return simulator == null ? null : simulator.token().iamId(allowed.iterator().next())
        .expiresIn(Duration.ofHours(1)).sign();
  }

  /**
   * The embedded simulator's API key of the platform caller (the identity of
   * {@link #exampleToken()}): {@code POST /identity/token} with it issues a new platform token
   * once the printed one expired. Random per start; the sample prints it once, with the token.
   *
   * @return the key, or null with a real IAM
   */
  public String platformApiKey() {
    return platformApiKey;
  }

  private static String newApiKey() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The IAM base URL in use: {@code IAM_URL}, or the embedded simulator's.
   *
   * @return the IAM base URL in use
   */
  public URI iamUrl() {
    return config.iamUrl();
  }

  /**
   * Whether IAM is the embedded simulator ({@code IAM_URL} unset).
   *
   * @return whether IAM is the embedded simulator
   */
  public boolean embedded() {
    return simulator != null;
  }

  private static String render(String instanceId, DashboardUser user) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>hello-kv</title>"
        + "</head><body><h1>hello-kv</h1><p>Instance <code>" + escape(instanceId)
        + "</code></p><p>Signed in through IBM Cloud IAM as <code>" + escape(user.id())
        + "</code>" + (user.accountId() == null ? "" : " (account <code>"
        + escape(user.accountId()) + "</code>)") + ".</p>"
        // DashboardSso's sign-out: a POST from this page ("logout" beside the instance's path)
        + "<form method=\"post\" action=\"logout\"><button id=\"sign-out\">Sign out</button>"
        + "</form></body></html>\n";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
