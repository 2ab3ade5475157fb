package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.iam.IamConfig;
import java.net.URI;
import java.util.Arrays;
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
    return new IamSettings(iamUrl(url),
        Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toSet()),
        blankToNull(env.get("SSO_CLIENT_ID")), blankToNull(env.get("SSO_CLIENT_SECRET")),
        blankToNull(env.get("BROKER_API_KEY")));
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
