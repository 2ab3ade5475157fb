package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.iam.IamConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sample's IAM settings, read from environment variables (used when {@code BROKER_AUTH=iam},
 * the default).
 *
 * @param iamUrl IAM's base URL ({@code IAM_URL}, e.g. {@code https://iam.cloud.ibm.com}); null
 *     starts an embedded IAM simulator on 127.0.0.1
 * @param allowedIdentities the {@code iam_id}s allowed to call the broker
 *     ({@code BROKER_ALLOWED_IDENTITIES}, comma-separated, e.g. {@code crn-<broker CRN>}); required
 *     with a real IAM
 * @param ssoClientId the dashboard SSO client id ({@code SSO_CLIENT_ID})
 * @param ssoClientSecret the dashboard SSO client secret ({@code SSO_CLIENT_SECRET})
 * @param apiKey the broker's service ID API key ({@code BROKER_API_KEY}), for {@code /v2/authz}
 */
public record IamSettings(URI iamUrl, Set<String> allowedIdentities, String ssoClientId,
    String ssoClientSecret, String apiKey) {

  /** Copies. */
  public IamSettings {
    allowedIdentities = allowedIdentities == null ? Set.of() : Set.copyOf(allowedIdentities);
  }

  /**
    * Reads the settings from environment variables (named with each component).
    *
   * @param env the environment
   * @return the settings
   */
  public static IamSettings fromEnvironment(Map<String, String> env) {
    String url = blankToNull(env.get("IAM_URL"));
    String ids = env.getOrDefault("BROKER_ALLOWED_IDENTITIES", "");
    URI iamUrl = iamUrl(url);
    String clientId = blankToNull(env.get("SSO_CLIENT_ID"));
    String clientSecret = blankToNull(env.get("SSO_CLIENT_SECRET"));
    String apiKey = blankToNull(env.get("BROKER_API_KEY"));
    refuseIncompleteSso(iamUrl, clientId, clientSecret, apiKey);
    return new IamSettings(iamUrl,
        Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toSet()),
        clientId, clientSecret, apiKey);
  }

  /**
   * Refuses dashboard SSO settings that would turn SSO off, or leave the client unused, without
   * a word: {@code SSO_CLIENT_SECRET} without {@code SSO_CLIENT_ID}; {@code SSO_CLIENT_ID}
   * without {@code IAM_URL} (unset, IAM is the embedded simulator, which signs users in with a
   * client of its own: a client registered with IBM Cloud IAM cannot work there); or
   * {@code SSO_CLIENT_ID} without {@code SSO_CLIENT_SECRET} or {@code BROKER_API_KEY}. The
   * messages name the variables only, never a value.
   */
  private static void refuseIncompleteSso(URI iamUrl, String clientId, String clientSecret,
      String apiKey) {
    if (clientId == null && clientSecret != null) {
      throw new IllegalArgumentException("SSO_CLIENT_SECRET is set, but SSO_CLIENT_ID is not:"
          + " set SSO_CLIENT_ID to turn dashboard SSO on, or unset SSO_CLIENT_SECRET");
    }
    if (clientId == null) {
      return; // no client of one's own: the embedded IAM simulator uses its own
    }
    if (iamUrl == null) {
      throw new IllegalArgumentException("SSO_CLIENT_ID is set, but IAM_URL is not: unset, IAM"
          + " is the sample's embedded IAM simulator, which signs dashboard users in with its"
          + " own client; set IAM_URL (e.g. https://iam.cloud.ibm.com) to use this client, or"
          + " unset SSO_CLIENT_ID");
    }
    List<String> missing = new ArrayList<>();
    if (clientSecret == null) {
      missing.add("SSO_CLIENT_SECRET");
    }
    if (apiKey == null) {
      missing.add("BROKER_API_KEY");
    }
    if (!missing.isEmpty()) {
      String names = String.join(" and ", missing);
      throw new IllegalArgumentException("SSO_CLIENT_ID is set, but " + names
          + (missing.size() == 1 ? " is" : " are") + " not: dashboard SSO with IAM_URL needs"
          + " SSO_CLIENT_ID, SSO_CLIENT_SECRET and BROKER_API_KEY; set " + names
          + ", or unset SSO_CLIENT_ID");
    }
  }

  /**
   * Refuses {@code BROKER_API_KEY} or {@code IAM_APIKEY} without {@code IAM_URL}: unset, IAM is
   * the embedded simulator, which issues the broker's service-ID token for a demo key of its own
   * (for dashboard SSO and metering alike), so a key of one's own would never be used, whatever
   * {@code BROKER_AUTH} says.
   *
   * @param iam the IAM settings read
   * @param env the environment
   * @throws IllegalArgumentException naming the variables, never a value
   */
  static void refuseApiKeysWithoutIamUrl(IamSettings iam, Map<String, String> env) {
    if (iam.iamUrl() != null) {
      return;
    }
    List<String> set = new ArrayList<>();
    if (iam.apiKey() != null) {
      set.add("BROKER_API_KEY");
    }
    if (blankToNull(env.get("IAM_APIKEY")) != null) {
      set.add("IAM_APIKEY");
    }
    if (!set.isEmpty()) {
      String names = String.join(" and ", set);
      throw new IllegalArgumentException(names + (set.size() == 1 ? " is" : " are") + " set,"
          + " but IAM_URL is not: unset, IAM is the sample's embedded IAM simulator, which"
          + " takes a demo key of its own; set IAM_URL (e.g. https://iam.cloud.ibm.com) to use "
          + (set.size() == 1 ? "this key" : "these keys") + ", or unset " + names);
    }
  }

  /**
   * Refuses {@code SSO_CLIENT_ID} with {@code BROKER_AUTH=basic}: the sample builds dashboard
   * SSO on the IAM wiring of {@code BROKER_AUTH=iam} only, so the client would never be used.
   *
   * @param env the environment
   * @param auth the scheme read from {@code BROKER_AUTH}: {@code iam} or {@code basic}
   * @throws IllegalArgumentException naming both variables, never a value
   */
  static void refuseSsoWithBasicAuth(Map<String, String> env, String auth) {
    if ("basic".equals(auth) && blankToNull(env.get("SSO_CLIENT_ID")) != null) {
      throw new IllegalArgumentException("SSO_CLIENT_ID is set, but BROKER_AUTH=basic: the"
          + " sample signs dashboard users in through IAM only with BROKER_AUTH=iam (the"
          + " default); set BROKER_AUTH=iam, or unset SSO_CLIENT_ID and SSO_CLIENT_SECRET");
    }
  }

  /**
   * Refuses {@code SSO_CLIENT_ID} with {@code PORT=0} and no {@code PUBLIC_URL}: the redirect
   * URI registered with the SSO client, {@code <PUBLIC_URL>/dashboard/callback}, must be known
   * before the start, and a port picked at the start is not.
   *
   * @param iam the IAM settings read
   * @param port the port read from {@code PORT}
   * @param publicUrl the URL read from {@code PUBLIC_URL}, or null
   * @throws IllegalArgumentException naming the variables, never a value
   */
  static void refuseSsoWithoutRedirectUri(IamSettings iam, int port, String publicUrl) {
    if (iam.ssoClientId() != null && port == 0 && publicUrl == null) {
      throw new IllegalArgumentException("SSO_CLIENT_ID is set with PORT=0, but PUBLIC_URL is"
          + " not: the redirect URI registered with the SSO client,"
          + " <PUBLIC_URL>/dashboard/callback, must be known before the start; set PUBLIC_URL"
          + " or a fixed PORT, or unset SSO_CLIENT_ID");
    }
  }

  /**
   * Parses {@code IAM_URL} as the sample does and as broker-iam will take it: an absolute URL
   * without user info ({@link MeteringSettings#absoluteUrl}), https (plain http only on a
   * loopback host). broker-iam's refusal names its builder parameter ({@code iamUrl}); here it
   * names the variable.
   *
   * @param url the value, or null
   * @return the URI, or null
   * @throws IllegalArgumentException naming {@code IAM_URL}
   */
  static URI iamUrl(String url) {
    URI uri = MeteringSettings.absoluteUrl("IAM_URL", url);
    if (uri != null) {
      try {
        IamConfig.builder().iamUrl(uri);
      } catch (IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        throw new IllegalArgumentException(message.startsWith("iamUrl ")
            ? "IAM_URL" + message.substring("iamUrl".length())
            : "IAM_URL is not usable: " + message, e);
      }
    }
    return uri;
  }

  /**
   * Settings for the embedded IAM simulator.
   *
   * @return settings for an embedded simulator with the default identities
   */
  public static IamSettings embedded() {
    return new IamSettings(null, Set.of(), null, null, null);
  }

  /**
   * Whether dashboard SSO can be configured.
   *
   * @return whether dashboard SSO can be configured (embedded, or all SSO values given)
   */
  public boolean ssoConfigured() {
    return iamUrl == null || (ssoClientId != null && ssoClientSecret != null && apiKey != null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Hides the secrets. */
  @Override
  public String toString() {
    return "IamSettings[iamUrl=" + iamUrl + ", allowedIdentities=" + allowedIdentities
        + ", ssoClientId=" + ssoClientId + "]";
  }
}
