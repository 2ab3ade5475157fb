package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import io.github.osbsdk.broker.iam.AuthzClient;
import io.github.osbsdk.broker.iam.DashboardRenderer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Everything the dashboard SSO resource needs, assembled by
 * {@link io.github.osbsdk.broker.iam.DashboardSso}.
 *
 * @param clientId the SSO client id
 * @param clientSecret the SSO client secret
 * @param redirectUri the registered redirect URI (path ends with {@code /dashboard/callback})
 * @param serviceName the catalog service name (action prefix)
 * @param authz the policy client
 * @param renderer the provider's dashboard
 * @param verifier verifies a user token (any identity)
 * @param discovery IAM's discovery document
 * @param http the IAM HTTP helper
 * @param signed the state signer
 * @param sealed the session cookie sealer
 * @param stateLifetime how long a sign-in may take
 * @param sessionLifetime how long a dashboard session lasts
 * @param clock the clock
 * @param signedOutUrl where a sign-out redirects (configured, absolute), or null for the
 *     signed-out page
 */
public record SsoSettings(String clientId, String clientSecret, URI redirectUri,
    String serviceName, AuthzClient authz, DashboardRenderer renderer,
    Function<String, AuthenticatedCaller> verifier, Discovery discovery, IamHttp http,
    SignedValues signed, SealedValues sealed, Duration stateLifetime, Duration sessionLifetime,
    Clock clock, URI signedOutUrl) {

  /**
   * The path prefix of dashboard URLs, from the configured redirect URI.
   *
   * @return the prefix, ending with {@code /} (e.g. {@code /dashboard/})
   */
  public String dashboardBasePath() {
    return DashboardPaths.basePath(redirectUri);
  }

  /**
   * Shows the settings without the client secret, and the two URLs with their user info and
   * query values masked, as either may carry a token (safe to print).
   *
   * @return the settings
   */
  @Override
  public String toString() {
    return "SsoSettings[clientId=" + clientId + ", redirectUri=" + masked(redirectUri)
        + ", serviceName=" + serviceName + ", stateLifetime=" + stateLifetime
        + ", sessionLifetime=" + sessionLifetime + ", signedOutUrl=" + masked(signedOutUrl)
        + "]";
  }

  private static String masked(URI url) {
    return url == null ? "null" : UrlSecrets.maskUrl(url.toString());
  }
}
