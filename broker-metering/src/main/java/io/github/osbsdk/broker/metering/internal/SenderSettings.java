package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.UrlSecrets;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageListener;
import io.github.osbsdk.broker.metering.UsageOutbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the sender needs, as the reporter's builder collected it.
 *
 * @param baseUrl the metering base URL, e.g. {@code https://billing.cloud.ibm.com}
 * @param plans the metered plans (resource id per plan)
 * @param outbox the outbox
 * @param tokens the bearer token source
 * @param refusedToken told of a token the metering API answered 401 to (renews it)
 * @param listener the listener
 * @param owner this sender's owner name in the outbox
 * @param clock the clock
 * @param http the HTTP client
 * @param requestTimeout the timeout of one POST
 * @param backoff the retry policy
 * @param lease how long claimed records stay leased
 * @param claimSize how many records one claim takes
 * @param pollInterval how often an idle sender looks for due records
 */
public record SenderSettings(URI baseUrl, MeteredPlans plans, UsageOutbox outbox,
    Supplier<String> tokens, Consumer<String> refusedToken, UsageListener listener, String owner,
    Clock clock, HttpClient http, Duration requestTimeout, Backoff backoff, Duration lease,
    int claimSize, Duration pollInterval) {

  /**
   * Shows every component, the base URL with its user info and query values masked (a proxy in
   * front of the metering API may take a password or a key in its URL).
   *
   * @return the settings
   */
  @Override
  public String toString() {
    return "SenderSettings[baseUrl="
        + (baseUrl == null ? "null" : UrlSecrets.maskUrl(baseUrl.toString())) + ", plans="
        + plans + ", outbox=" + outbox + ", tokens=" + tokens + ", refusedToken=" + refusedToken
        + ", listener=" + listener + ", owner=" + owner + ", clock=" + clock + ", http=" + http
        + ", requestTimeout=" + requestTimeout + ", backoff=" + backoff + ", lease=" + lease
        + ", claimSize=" + claimSize + ", pollInterval=" + pollInterval + "]";
  }
}
