package io.github.osbsdk.broker.iam;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.iam.internal.DashboardResource;
import io.github.osbsdk.broker.iam.internal.Discovery;
import io.github.osbsdk.broker.iam.internal.ExchangeLimit;
import io.github.osbsdk.broker.iam.internal.IamHttp;
import io.github.osbsdk.broker.iam.internal.SealedValues;
import io.github.osbsdk.broker.iam.internal.SignedValues;
import io.github.osbsdk.broker.iam.internal.SsoSettings;
import io.github.osbsdk.broker.iam.internal.TokenVerifier;
import io.github.osbsdk.broker.iam.internal.WebUrls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Dashboard single sign-on with IBM Cloud IAM, as a JAX-RS resource to register with
 * {@code Broker.Builder.register(sso.resource())}.
 *
 * <ol>
 *   <li>{@code GET /dashboard/{instanceId}} (the provision response's {@code dashboard_url},
 *       instance CRN URL-encoded): with a valid session for that instance, the provider's
 *       {@link DashboardRenderer} page; otherwise a 303 to IAM's {@code authorization_endpoint}
 *       (from discovery) with {@code client_id}, {@code redirect_uri}, {@code response_type=code}
 *       and a {@code state} signed with HMAC-SHA256, expiring, bound to the instance and to a
 *       nonce cookie of this browser.</li>
 *   <li>{@code GET /dashboard/callback} (the redirect URI): refuses forged or expired state
 *       (400), state started in another browser (403) and replayed state (400); exchanges the
 *       code at the discovery's {@code token_endpoint} with the client id/secret; verifies the
 *       user's token like {@link IamAuthenticator} does (any identity); asks {@link AuthzClient}
 *       for {@code <serviceName>.dashboard.view} on the instance CRN; on permit sets a sealed,
 *       HttpOnly, Secure, SameSite=Lax session cookie (never the token) and redirects (303) to
 *       the dashboard, otherwise answers a 403 page.</li>
 *   <li>{@code POST /dashboard/logout} (a form on the provider's dashboard page, e.g.
 *       {@code <form method="post" action="logout"><button>Sign out</button></form>}): expires
 *       the session cookie and the cookie of sign-ins in progress (same name, path and
 *       attributes), then redirects (303) to the {@link Builder#signedOutUrl(URI) signed-out URL}
 *       or answers a "Signed out" page. Against cross-site request forgery, only {@code POST}
 *       signs out, and the request's {@code Origin} (or, from a browser that sends none, its
 *       {@code Referer}) must be the configured redirect URI's origin, else 403 and no cookie is
 *       touched; dashboard pages are therefore served with {@code Referrer-Policy: same-origin}
 *       (browsers send {@code Origin: null} from a {@code no-referrer} page). The sign-out ends
 *       the session in this browser only: a copy of the cookie taken earlier stays valid until
 *       it expires, as sessions are not recorded on the server. {@code GET /dashboard/logout}
 *       is the dashboard of an instance whose id is {@code logout}.</li>
 * </ol>
 *
 * <p>The session cookie is sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the
 * {@link SsoKeyStore}'s signing key: whoever sees it (a proxy's log, a browser extension) can
 * neither read the user's id, name, e-mail or instance from it nor change it. A cookie sealed
 * with an earlier key still opens while the store lists that key among its verification keys
 * (rotation); one from before sessions were sealed counts as signed out. It stays under the
 * 4096 bytes browsers keep per cookie: the instance is kept as its SHA-256, a display name longer
 * than 256 characters is cut, an e-mail longer than 254 is left out.
 *
 * <p>Redirects go only to IAM's authorize endpoint and to this resource's own dashboard paths;
 * the post-login redirect is an absolute URL built from the configured
 * {@link Builder#redirectUri(URI) redirect URI} (the broker's public URL), never from the
 * request's {@code Host}. Instance ids that are dot segments ({@code .}, {@code ..}, also as
 * {@code %2e}) get 404; any other id, {@code /} included, is one percent-encoded path segment.
 * The id {@code callback} has no dashboard ({@code /dashboard/callback} is the redirect URI);
 * the id {@code logout} has one ({@code GET}; only {@code POST} signs out).
 *
 * <p>Replay protection records a sign-in only once IAM permitted the user, filed by the state's
 * expiry time slice, so neither callbacks without a valid code (errors, junk codes) nor users
 * without access fill it or slow it; at most 10,000 sign-ins per tenth of the state lifetime are
 * recorded per replica, and more are answered 503 with {@code Retry-After} (busy, fail closed).
 * A sign-in may exchange an authorization code at most 3 times; then it answers 400 without
 * calling IAM, and the user starts again. The code exchanges that fail (IAM refuses a junk code,
 * or is down) are bounded per replica, whoever sends the callbacks
 * ({@link Builder#failedExchangeLimit(int, Duration)}, by default 60, refilled one a second):
 * once the limit is spent, callbacks answer 503 with {@code Retry-After} without calling IAM, so
 * nobody can make the broker call IAM with its client id at their own rate. An exchange that
 * IAM answers with a token does not count. When IAM's authz cannot decide (down, slow, an error
 * or a 429), the callback answers 503 with {@code Retry-After}, not "access denied". One browser
 * holds one dashboard session: opening another instance's dashboard signs in again, and that
 * session replaces the first. A session is not checked against IAM again while it lasts (30
 * minutes by default): access removed in IAM ends with it. When the {@link SsoKeyStore} fails
 * (e.g. its database is down and no keys are cached), both paths answer a 503 page and accept
 * no state or session (fail closed).
 */
public final class DashboardSso {
  private final DashboardResource resource;

  private DashboardSso(Builder b) {
    IamHttp http = new IamHttp(b.config);
    Function<String, AuthenticatedCaller> verifier;
    if (b.authenticator != null) {
      verifier = b.authenticator::verify;
    } else {
      TokenVerifier tv = new TokenVerifier(b.config, Duration.ofSeconds(60), b.clock,
          TokenVerifier.keySource(b.config, Duration.ofMinutes(20), Duration.ofSeconds(30),
              Duration.ofHours(12)));
      verifier = token -> tv.verify(token).caller();
    }
    this.resource = new DashboardResource(new SsoSettings(b.clientId, b.clientSecret,
        b.redirectUri, b.serviceName, b.authz, b.renderer, verifier,
        new Discovery(b.config, b.nanoTime), http, new SignedValues(b.keys),
        new SealedValues(b.keys), b.stateLifetime, b.sessionLifetime, b.clock, b.signedOutUrl),
        b.maxSignInsPerSlice,
        new ExchangeLimit(b.maxFailedExchanges, b.failedExchangesRefill, b.nanoTime));
  }

  /**
   * Starts dashboard single sign-on against this IAM.
   *
   * @param config where IAM is
   * @return a builder
   */
  public static Builder builder(IamConfig config) {
    return new Builder(config);
  }

  /**
   * Returns the JAX-RS resource that serves the dashboard paths, to register with
   * {@code Broker.Builder.register(Object)} (or any JAX-RS {@code Application} or
   * {@code Configurable}).
   *
   * <p>Typed {@code Object} on purpose: a JAX-RS resource is a plain object whose {@code @Path}
   * annotations make it one, so Jakarta REST has no type for it (unlike providers), and every
   * place that takes one ({@code Application.getSingletons()}, {@code Configurable.register},
   * {@code Broker.Builder.register}) takes an {@code Object}. Its class is internal: a public
   * type would make its resource methods, which only the container calls, part of the API.
   *
   * @return the resource instance, the same on every call
   */
  public Object resource() {
    return resource;
  }

  /**
   * Configures a {@link DashboardSso}; client id/secret, redirect URI, service name, authz and
   * dashboard are required.
   */
  public static final class Builder {
    private final IamConfig config;
    private String clientId;
    private String clientSecret;
    private URI redirectUri;
    private String serviceName;
    private AuthzClient authz;
    private DashboardRenderer renderer;
    private IamAuthenticator authenticator;
    private SsoKeyStore keys = SsoKeyStore.inMemory();
    private Duration stateLifetime = Duration.ofMinutes(10);
    private Duration sessionLifetime = Duration.ofMinutes(30);
    private int maxSignInsPerSlice = 10_000;
    private int maxFailedExchanges = 60;
    private Duration failedExchangesRefill = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private URI signedOutUrl;

    private Builder(IamConfig config) {
      this.config = Objects.requireNonNull(config, "config == null");
    }

    /**
     * Sets the client id of the service's dashboard SSO client, as registered in Partner Center.
     *
     * @param clientId the SSO client id from Partner Center
     * @return this
     */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId == null");
      return this;
    }

    /**
     * Sets the client secret of the service's dashboard SSO client, as registered in Partner
     * Center.
     *
     * @param clientSecret the SSO client secret from Partner Center
     * @return this
     */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret == null");
      return this;
    }

    /**
     * Sets the redirect URI, which is also where dashboard URLs point after sign-in.
     *
     * @param redirectUri the absolute redirect URI registered with IAM, on the broker's public
     *     URL; its path must end with {@code /dashboard/callback}, e.g.
     *     {@code https://broker.example.com/dashboard/callback}; the post-login redirect goes to
     *     its scheme, host and base path ({@code https://broker.example.com/dashboard/<id>}).
     *     It must be {@code https}, or plain {@code http} on a loopback host only
     *     ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}, for local development), and
     *     carry no user info ({@code user@}), query or fragment
     * @return this
     * @throws IllegalArgumentException naming what is wrong with the URI
     */
    public Builder redirectUri(URI redirectUri) {
      Objects.requireNonNull(redirectUri, "redirectUri == null");
      WebUrls.requireHttpsOrLoopback(redirectUri, "redirectUri");
      if (redirectUri.getRawQuery() != null || redirectUri.getRawFragment() != null
          || redirectUri.getRawPath() == null
          || !redirectUri.getRawPath().endsWith("/dashboard/callback")) {
        throw new IllegalArgumentException("redirectUri must be absolute, without query or"
            + " fragment, with a path ending in /dashboard/callback");
      }
      this.redirectUri = redirectUri;
      return this;
    }

    /**
     * Sets where a sign-out redirects (303), e.g. the provider's home page or
     * {@code https://cloud.ibm.com/resources}; without it the sign-out answers a "Signed out"
     * page. Never taken from the request.
     *
     * @param signedOutUrl an absolute http(s) URL without fragment
     * @return this
     */
    public Builder signedOutUrl(URI signedOutUrl) {
      Objects.requireNonNull(signedOutUrl, "signedOutUrl == null");
      String scheme = signedOutUrl.getScheme();
      if (!signedOutUrl.isAbsolute() || signedOutUrl.getHost() == null
          || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
          || signedOutUrl.getRawFragment() != null || signedOutUrl.getRawUserInfo() != null) {
        throw new IllegalArgumentException("signedOutUrl must be an absolute http(s) URL"
            + " without user info or fragment");
      }
      this.signedOutUrl = signedOutUrl;
      return this;
    }

    /**
     * Sets the catalog service name, which names the IAM action a user needs to see a dashboard.
     *
     * @param serviceName the catalog service name; the action checked is
     *     {@code <name>.dashboard.view}
     * @return this
     */
    public Builder serviceName(String serviceName) {
      this.serviceName = Objects.requireNonNull(serviceName, "serviceName == null");
      return this;
    }

    /**
     * Sets the client that asks IAM whether a signed-in user may view an instance's dashboard.
     *
     * @param authz asks IAM whether the user may view the dashboard
     * @return this
     */
    public Builder authz(AuthzClient authz) {
      this.authz = Objects.requireNonNull(authz, "authz == null");
      return this;
    }

    /**
     * Sets the provider's dashboard, shown to users IAM has allowed.
     *
     * @param renderer the provider's dashboard
     * @return this
     */
    public Builder dashboard(DashboardRenderer renderer) {
      this.renderer = Objects.requireNonNull(renderer, "renderer == null");
      return this;
    }

    /**
     * Verifies the users' IAM tokens with the platform authenticator's verifier and key cache.
     *
     * @param authenticator share its verifier and key cache (its allow-list is not applied)
     * @return this
     */
    public Builder verifier(IamAuthenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator == null");
      return this;
    }

    /**
     * Sets where the keys of sign-in state and session cookies live; replicas must share one store.
     *
     * @param keys the keys signing the sign-in state and sealing session cookies (default: in
     *     memory, one key per process)
     * @return this
     */
    public Builder keyStore(SsoKeyStore keys) {
      this.keys = Objects.requireNonNull(keys, "keys == null");
      return this;
    }

    /**
     * Sets how many permitted sign-ins this replica records per tenth of the state lifetime
     * (tests; package-private, default 10,000).
     *
     * @param max the capacity, positive
     * @return this
     */
    Builder maxSignInsPerSlice(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("max must be > 0");
      }
      this.maxSignInsPerSlice = max;
      return this;
    }

    /**
     * Bounds the authorization-code exchanges this replica makes that fail (IAM refuses the code,
     * as it does the junk codes anyone can send to the callback with a fresh sign-in state, or
     * IAM is unreachable), so that no caller sets the rate at which the broker calls IAM's token
     * endpoint with its client id (IAM could throttle or block it for every user). Up to
     * {@code max} may fail in a burst; the allowance refills evenly, one every
     * {@code refill / max}. Once it is spent, callbacks answer 503 ("Sign-in busy") with
     * {@code Retry-After} (until one is back) without calling IAM, and a WARN says so at most once
     * a minute. Exchanges in flight count until IAM answers; one IAM answers with a token is
     * given back, so real sign-ins, even many at once, never spend it (up to {@code max} may be
     * in flight together). Default: 60 per minute.
     *
     * @param max the most failed exchanges in a burst, positive
     * @param refill how long the allowance takes to refill from empty, positive, at most a day
     * @return this
     * @throws IllegalArgumentException for a max or refill out of range
     */
    public Builder failedExchangeLimit(int max, Duration refill) {
      if (max <= 0) {
        throw new IllegalArgumentException("max must be > 0");
      }
      IamConfig.Builder.positive(refill, "refill");
      if (refill.compareTo(ExchangeLimit.MAX_PER) > 0) {
        throw new IllegalArgumentException("refill must be at most a day");
      }
      this.failedExchangesRefill = refill;
      this.maxFailedExchanges = max;
      return this;
    }

    /**
     * Sets how long a sign-in may take and how long a signed-in user stays signed in.
     *
     * @param state how long a sign-in may take (default 10 minutes)
     * @param session how long a dashboard session lasts (default 30 minutes)
     * @return this
     */
    public Builder lifetimes(Duration state, Duration session) {
      this.stateLifetime = IamConfig.Builder.positive(state, "state");
      this.sessionLifetime = IamConfig.Builder.positive(session, "session");
      return this;
    }

    /**
     * Sets the wall clock, for tests: it dates the expiries that sign-in states and session
     * cookies carry (every replica reads them), checks the time claims of users' tokens, and
     * spaces the log lines. The failed-exchange allowance and IAM's discovery document age on
     * {@link #nanoTime(LongSupplier)}.
     *
     * @param clock the wall clock (default {@link Clock#systemUTC()})
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the monotonic clock, for tests: the refill of the failed-exchange allowance
     * ({@link #failedExchangeLimit(int, Duration)}) and the age of IAM's discovery document are
     * differences of its readings, so that a step of the wall clock (NTP, a virtual machine
     * resumed) neither refills the allowance nor pauses exchanges longer.
     *
     * @param nanoTime readings in nanoseconds, as {@link System#nanoTime()} (the default)
     * @return this
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
      return this;
    }

    /**
     * Builds the SSO, refusing a missing client id or secret, redirect URI, service name, authz
     * client or dashboard.
     *
     * @return the SSO
     * @throws IllegalStateException when a required setting is missing
     */
    public DashboardSso build() {
      require(clientId, "clientId");
      require(clientSecret, "clientSecret");
      require(redirectUri, "redirectUri");
      require(serviceName, "serviceName");
      require(authz, "authz");
      require(renderer, "dashboard");
      return new DashboardSso(this);
    }

    private static void require(Object o, String name) {
      if (o == null) {
        throw new IllegalStateException(name + " is required");
      }
    }
  }
}
