package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.iam.AuthzCheck;
import io.github.osbsdk.broker.iam.AuthzDecision;
import io.github.osbsdk.broker.iam.AuthzSubject;
import io.github.osbsdk.broker.iam.DashboardUser;
import io.github.osbsdk.broker.iam.IamException;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * {@code GET /dashboard/{instanceId}} (session or redirect to IAM sign-in),
 * {@code GET /dashboard/callback} (state check, code exchange, token verification, policy check,
 * sealed session cookie) and {@code POST /dashboard/logout} (the session cookies expired). Not
 * authenticated by the broker's platform filter. What a browser, a user or a failing IAM can
 * cause on every request (sign-in unavailable, failed exchanges, refused user tokens, a full
 * table) is logged at most once per {@link #WARNING_INTERVAL} and kind, with the count of those
 * held back since (at DEBUG).
 */
@Path("dashboard")
public final class DashboardResource {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardResource.class);
  /**
   * Cookie holding the browser nonces of the sign-ins in progress (newest first, at most
   * {@link SignInNonces#MAX_PENDING_SIGN_INS}, separated by {@code .}), so sign-ins started in
   * several tabs of one browser each complete.
   */
  public static final String NONCE_COOKIE = "osb_sso_nonce";
  /** Cookie holding the sealed (encrypted and authenticated) dashboard session. */
  public static final String SESSION_COOKIE = "osb_dashboard_session";

  /** The sign-out's path segment; {@code GET} on it is the dashboard of instance "logout". */
  static final String LOGOUT = "logout";

  /** The most authorization-code exchanges one sign-in may make. */
  static final int MAX_EXCHANGES_PER_SIGN_IN = 3;
  /** The most sign-ins whose exchanges are counted per tenth of the state lifetime. */
  static final int MAX_COUNTED_SIGN_INS_PER_SLICE = 50_000;
  /** The {@code Retry-After} (seconds) of a 503 when IAM could not decide and set no pause. */
  static final long UNDECIDED_RETRY_AFTER_SECONDS = 10;
  /** The least time between two warnings of one kind (failed exchanges, a full table). */
  static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

  private final SsoSettings settings;
  private final SecureRandom random = new SecureRandom();
  private final ReplayGuard replays;
  private final ExchangeAttempts attempts;
  private final ExchangeLimit failedExchanges;
  /** IAM's discovery failing; the key store has its own, so neither hides the other. */
  private final LogLimiter discoveryErrors;
  private final LogLimiter keyStoreErrors;
  private final LogLimiter exchangeWarnings;
  private final LogLimiter untrackedWarnings;
  private final LogLimiter refusedTokenWarnings;
  private final LogLimiter pausedExchangeWarnings;
  private final StateRefusals stateRefusals;
  private final SessionCookie sessions;
  private final CodeExchange codes;

  /**
   * Creates the resource.
   *
   * @param settings the configuration
   * @param maxSignInsPerSlice the most permitted sign-ins recorded per tenth of the state
   *     lifetime, positive
   * @param failedExchanges bounds the failed code exchanges this replica makes
   */
  public DashboardResource(SsoSettings settings, int maxSignInsPerSlice,
      ExchangeLimit failedExchanges) {
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.failedExchanges = Objects.requireNonNull(failedExchanges, "failedExchanges == null");
    long sliceMillis = Math.max(1, settings.stateLifetime().toMillis() / 10);
    this.replays = new ReplayGuard(sliceMillis, maxSignInsPerSlice);
    this.attempts = new ExchangeAttempts(sliceMillis, MAX_COUNTED_SIGN_INS_PER_SLICE,
        MAX_EXCHANGES_PER_SIGN_IN);
    this.sessions = new SessionCookie(settings);
    this.codes = new CodeExchange(settings);
    this.discoveryErrors = new LogLimiter(WARNING_INTERVAL, settings.clock());
    this.keyStoreErrors = new LogLimiter(WARNING_INTERVAL, settings.clock());
    this.exchangeWarnings = new LogLimiter(WARNING_INTERVAL, settings.clock());
    this.untrackedWarnings = new LogLimiter(WARNING_INTERVAL, settings.clock());
    this.refusedTokenWarnings = new LogLimiter(WARNING_INTERVAL, settings.clock());
    this.pausedExchangeWarnings = new LogLimiter(WARNING_INTERVAL, settings.clock());
    this.stateRefusals = new StateRefusals(settings.clock());
  }

  /**
   * Serves the dashboard to a signed-in browser, or starts the sign-in.
   *
   * @param rawInstanceId the URL-encoded instance id
   * @param session the session cookie
   * @param nonces the nonce cookie of sign-ins already in progress, kept beside the new one
   * @return the dashboard, a 303 to IAM sign-in, or 404 for an id that cannot name a dashboard
   *     (empty, too long, control characters, a dot segment)
   */
  @GET
  @Path("{instanceId: .+}")
  public Response dashboard(@Encoded @PathParam("instanceId") String rawInstanceId,
      @CookieParam(SESSION_COOKIE) String session, @CookieParam(NONCE_COOKIE) String nonces) {
    try {
      return dashboardOrSignIn(rawInstanceId, session, nonces);
    } catch (SignedValues.KeysUnavailableException e) {
      return keysUnavailable(e);
    }
  }

  private Response dashboardOrSignIn(String rawInstanceId, String session, String nonces) {
    String instanceId = DashboardPaths.decodeId(rawInstanceId);
    if (instanceId == null) {
      return SsoPages.page(404, "Not found", "No such dashboard.");
    }
    DashboardUser user = sessions.open(session, instanceId);
    if (user != null) {
      String html = settings.renderer().render(instanceId, user);
      // same-origin, not no-referrer: a form of the page posting to the sign-out must send its
      // Origin (browsers send "Origin: null" from a no-referrer page)
      return SsoPages.secure(Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")),
          "same-origin").build();
    }
    URI authorize;
    try {
      authorize = settings.discovery().endpoints().authorizationEndpoint();
    } catch (IamException e) {
      LimitedLog.log(LOG, discoveryErrors, Level.ERROR, "dashboard sign-in unavailable: {}",
          LogValues.quoteMessage(e));
      return SsoPages.page(503, "Sign-in unavailable", "IBM Cloud sign-in is unavailable; try"
          + " again later.");
    }
    String nonce = SignInNonces.newNonce(random);
    long exp = settings.clock().millis() + settings.stateLifetime().toMillis();
    String state = new SignInState(instanceId, SignedValues.sha256(nonce), exp)
        .sign(settings.signed());
    String location = authorize + (authorize.getRawQuery() == null ? "?" : "&")
        + "client_id=" + IamHttp.enc(settings.clientId())
        + "&redirect_uri=" + IamHttp.enc(settings.redirectUri().toString())
        + "&response_type=code"
        + "&state=" + IamHttp.enc(state);
    return SsoPages.secure(Response.seeOther(URI.create(location)))
        .header("Set-Cookie", cookie(NONCE_COOKIE, SignInNonces.withNew(nonce, nonces),
            settings.stateLifetime().toSeconds()))
        .build();
  }

  /**
   * The dashboard of an instance whose id is {@code logout}: the literal path of
   * {@link #logout} takes precedence over {@code {instanceId}} for every method, so its
   * {@code GET} is served here.
   *
   * @param session the session cookie
   * @param nonces the nonce cookie of sign-ins already in progress
   * @return see {@link #dashboard}
   */
  @GET
  @Path(LOGOUT)
  public Response logoutInstanceDashboard(@CookieParam(SESSION_COOKIE) String session,
      @CookieParam(NONCE_COOKIE) String nonces) {
    return dashboard(LOGOUT, session, nonces);
  }

  /**
   * Signs this browser out: expires the session cookie and the cookie of sign-ins in progress
   * (same name, path and attributes as they were set with), then redirects (303) to the
   * configured signed-out URL or answers a signed-out page. A cross-site request forgery is
   * refused (403, no cookie touched): only {@code POST} signs out, the session cookie is
   * {@code SameSite=Lax} (a cross-site form sends none), and the request must carry an
   * {@code Origin} (or, without one, a {@code Referer}) of the configured public URL's origin.
   * A copy of the cookie taken before stays valid until it expires: sessions are not recorded
   * on the server.
   *
   * @param origin the {@code Origin} header
   * @param referer the {@code Referer} header
   * @return 303 to the configured URL or 200, with the expired cookies; or 403
   */
  @POST
  @Path(LOGOUT)
  public Response logout(@HeaderParam("Origin") String origin,
      @HeaderParam("Referer") String referer) {
    if (!SameOrigin.sentFrom(settings.redirectUri(), origin, referer)) {
      return SsoPages.page(403, "Sign-out refused", "The sign-out request did not come from"
          + " this dashboard.");
    }
    Response.ResponseBuilder b = settings.signedOutUrl() != null
        ? SsoPages.secure(Response.seeOther(settings.signedOutUrl()))
        : SsoPages.pageBuilder(200, "Signed out", "You have signed out of the dashboard.");
    return b.header("Set-Cookie", cookie(SESSION_COOKIE, "", 0))
        .header("Set-Cookie", cookie(NONCE_COOKIE, "", 0))
        .build();
  }

  /**
   * Completes a sign-in: checks the state, exchanges the code, verifies the user and asks IAM
   * whether the user may view the dashboard. The state is recorded as used only once IAM
   * permitted the user, so neither callbacks without a valid code nor users without access take
   * a place in the replay guard; a refused sign-in needs no record, as IAM redeems a code once
   * and a replay of it gets no further than the exchange. Each sign-in may exchange a code
   * {@value #MAX_EXCHANGES_PER_SIGN_IN} times; after that it must be started again. Failed
   * exchanges of all sign-ins together are bounded by an {@link ExchangeLimit}: once it is
   * spent, callbacks wait (503) without calling IAM, so no caller sets the broker's rate at IAM.
   *
   * @param code the authorization code
   * @param state the state sent to IAM
   * @param error an error IAM reports instead of a code
   * @param nonces the browser nonce cookie (the nonces of the sign-ins in progress)
   * @return a 303 to the dashboard (an absolute URL under the configured redirect URI's base,
   *     never derived from the request) with a session cookie, or an error page: 400 (invalid,
   *     expired, used, or out of exchanges), 403 (another browser's sign-in, user refused or
   *     denied), 502 (the exchange failed), 503 with {@code Retry-After} (IAM could not decide,
   *     too many sign-ins at once, or too many failed exchanges)
   */
  @GET
  @Path("callback")
  public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
      @QueryParam("error") String error, @CookieParam(NONCE_COOKIE) String nonces) {
    try {
      return completeSignIn(code, state, error, nonces);
    } catch (SignedValues.KeysUnavailableException e) {
      return keysUnavailable(e);
    }
  }

  /** The shared key store failed: no value is signed or accepted (fail closed). */
  private Response keysUnavailable(SignedValues.KeysUnavailableException e) {
    LimitedLog.log(LOG, keyStoreErrors, Level.ERROR, "dashboard sign-in unavailable, the SSO"
        + " key store failed: {}",
        e.getCause() != null ? LogValues.quoteMessage(e.getCause()) : e.getMessage());
    return SsoPages.page(503, "Sign-in unavailable", "IBM Cloud sign-in is unavailable; try"
        + " again later.");
  }

  private Response completeSignIn(String code, String state, String error, String nonces) {
    long now = settings.clock().millis();
    List<String> pending = SignInNonces.parse(nonces);
    SignInState.Check checked = SignInState.check(settings.signed(), state, pending, now,
        settings.stateLifetime());
    if (checked instanceof SignInState.Refused refused) {
      stateRefusals.refused(refused.cause());
      return SsoPages.page(400, "Sign-in refused", "The sign-in request is not valid.");
    }
    SignInState st = ((SignInState.Accepted) checked).state();
    long exp = st.expiresAt();
    if (now >= exp) {
      return SsoPages.page(400, "Sign-in expired", "The sign-in took too long; open the"
          + " dashboard again.");
    }
    String nonceHash = st.nonceHash();
    // before the browser check: a completed sign-in's nonce left the cookie, so a replay in the
    // browser that completed it (back button, reload) would read as another browser's
    if (replays.wasUsed(nonceHash, exp)) {
      return alreadyUsed();
    }
    String nonce = SignInNonces.matching(pending, nonceHash);
    if (nonce == null) {
      return SsoPages.page(403, "Sign-in refused", "The sign-in was started in another browser.");
    }
    String instanceId = st.instanceId();
    if (error != null || code == null || code.isEmpty() || code.length() > 4096) {
      return SsoPages.page(400, "Sign-in failed", "IBM Cloud did not complete the sign-in.");
    }
    if (replays.isFull(exp)) { // it could not be recorded: no call to IAM
      return busy();
    }
    long paused = failedExchanges.tryTake(); // taken before the call, kept if it fails
    if (paused > 0) {
      return exchangesPaused(paused);
    }
    ExchangeAttempts.Attempt attempt = attempts.tryAttempt(nonceHash, exp, now);
    if (attempt == ExchangeAttempts.Attempt.EXHAUSTED) {
      failedExchanges.giveBack(); // no call
      return SsoPages.page(400, "Sign-in failed", "This sign-in failed too often; open the"
          + " dashboard again to start the sign-in again.");
    }
    if (attempt == ExchangeAttempts.Attempt.UNTRACKED) {
      LimitedLog.log(LOG, untrackedWarnings, Level.WARN, "dashboard sign-ins in progress beyond"
          + " {} per slice: their code exchanges are not counted", MAX_COUNTED_SIGN_INS_PER_SLICE);
    }
    String accessToken;
    try {
      accessToken = codes.accessToken(code);
    } catch (IamException e) {
      LimitedLog.log(LOG, exchangeWarnings, Level.WARN, "dashboard code exchange failed for"
          + " instance {}: {}", LogValues.quote(instanceId), LogValues.quoteMessage(e));
      return SsoPages.page(502, "Sign-in failed", "IBM Cloud sign-in could not be completed.");
    }
    failedExchanges.giveBack(); // IAM redeemed the code: a real sign-in costs nothing
    URI dashboardUrl = DashboardPaths.dashboardUrl(settings.redirectUri(), instanceId);
    if (dashboardUrl == null) { // never minted by dashboard(); refused all the same
      return SsoPages.page(400, "Sign-in refused", "The sign-in request is not valid.");
    }
    AuthenticatedCaller user;
    try {
      user = settings.verifier().apply(accessToken);
    } catch (ServiceBrokerException e) {
      LimitedLog.log(LOG, refusedTokenWarnings, Level.WARN, "dashboard user token refused: {}",
          LogValues.quote(e.getMessage()));
      return SsoPages.page(403, "Sign-in refused", "The sign-in could not be verified.");
    }
    AuthzDecision decision = settings.authz().decide(new AuthzCheck(
        new AuthzSubject(user.id(), user.scope(), accessToken),
        settings.serviceName() + ".dashboard.view", instanceId));
    if (decision == AuthzDecision.UNDECIDED) {
      long pause = retryAfterSeconds(settings.authz().pause().toMillis()); // IAM's 429
      return SsoPages.pageBuilder(503, "Sign-in unavailable", "IBM Cloud IAM is unavailable, try"
          + " again: open the dashboard again in a moment.")
          .header("Retry-After", pause > 0 ? pause : UNDECIDED_RETRY_AFTER_SECONDS).build();
    }
    if (decision != AuthzDecision.PERMITTED) {
      return SsoPages.page(403, "Access denied", "You are not allowed to view this dashboard.");
    }
    ReplayGuard.Use use = replays.record(nonceHash, exp, now); // permitted: now it counts
    if (use == ReplayGuard.Use.FULL) {
      return busy();
    }
    if (use != ReplayGuard.Use.FIRST) {
      return alreadyUsed();
    }
    DashboardUser du = new DashboardUser(user.id(), user.accountId(),
        str(user.attributes().get("name")), str(user.attributes().get("email")));
    String session = sessions.seal(instanceId, du, now);
    if (session == null) {
      LOG.warn("dashboard session for instance {} too long for a cookie (user id of {} chars)",
          LogValues.quote(instanceId), du.id().length());
      return SsoPages.page(502, "Sign-in failed", "IBM Cloud sign-in could not be completed.");
    }
    pending.remove(nonce); // the other tabs' sign-ins stay usable
    return SsoPages.secure(Response.seeOther(dashboardUrl))
        .header("Set-Cookie", cookie(SESSION_COOKIE, session,
            settings.sessionLifetime().toSeconds()))
        .header("Set-Cookie", pending.isEmpty() ? cookie(NONCE_COOKIE, "", 0)
            : cookie(NONCE_COOKIE, String.join(".", pending),
                settings.stateLifetime().toSeconds()))
        .build();
  }

  /** @return a pause as a {@code Retry-After}: whole seconds, rounded up */
  private static long retryAfterSeconds(long millis) {
    return (millis + 999) / 1000;
  }

  /** The replay guard holds its most sign-ins for the state's slice of expiry. */
  private Response busy() {
    long seconds = retryAfterSeconds(replays.sliceMillis());
    return SsoPages.pageBuilder(503, "Sign-in busy", "Too many sign-ins at once, try again:"
        + " open the dashboard again in a minute.").header("Retry-After", seconds).build();
  }

  /** Too many code exchanges failed lately: callbacks wait for the limit, IAM is not called. */
  private Response exchangesPaused(long millis) {
    LimitedLog.log(LOG, pausedExchangeWarnings, Level.WARN, "dashboard code exchanges paused:"
        + " more than {} failed lately, callbacks answer 503 without calling IAM",
        failedExchanges.max());
    return SsoPages.pageBuilder(503, "Sign-in busy", "Too many sign-ins failed lately, try"
        + " again: open the dashboard again in a moment.")
        .header("Retry-After", retryAfterSeconds(millis)).build();
  }

  private static Response alreadyUsed() {
    return SsoPages.page(400, "Sign-in link already used", "This sign-in link was already used;"
        + " open the dashboard again (from IBM Cloud) to sign in again.");
  }

  private String cookie(String name, String value, long maxAgeSeconds) {
    return name + "=" + value + "; Path=" + settings.dashboardBasePath() + "; Max-Age="
        + maxAgeSeconds + "; HttpOnly; Secure; SameSite=Lax";
  }

  private static String str(Object o) {
    return o instanceof String v ? v : null;
  }
}
