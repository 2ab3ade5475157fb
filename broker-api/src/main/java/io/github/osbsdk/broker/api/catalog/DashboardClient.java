package io.github.osbsdk.broker.api.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.RequiredText;
import io.github.osbsdk.broker.api.internal.UrlSecrets;

/**
 * {@code dashboard_client} of a service: the OAuth client for dashboard single sign-on.
 *
 * @param id the client id (required, not blank)
 * @param secret the client secret, may be null (a catalog error the broker names when it starts,
 *     as OSB requires one)
 * @param redirectUri the redirect URI, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DashboardClient(
    @JsonProperty("id") String id,
    @JsonProperty("secret") String secret,
    @JsonProperty("redirect_uri") String redirectUri) {

  /**
   * Checks the id.
   *
   * @param id the client id (required, not blank)
   * @param secret the client secret, or null (a catalog error the broker names when it starts)
   * @param redirectUri the redirect URI, or null for none
   * @throws NullPointerException when {@code id} is null
   * @throws IllegalArgumentException when {@code id} is blank
   */
  public DashboardClient {
    RequiredText.check(id, "id");
  }

  /**
   * Shows the id, but neither the secret nor the user info of the redirect URI.
   *
   * @return {@code DashboardClient[id=c, secret=***, redirectUri=https://***@host/cb]}
   */
  @Override
  public String toString() {
    return "DashboardClient[id=" + id + ", secret=" + (secret == null ? "null" : "***")
        + ", redirectUri=" + UrlSecrets.maskUrl(redirectUri) + "]";
  }
}
