package io.github.osbsdk.samples.hello;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the sample reports the usage of its {@code metered} plan, read from environment variables.
 *
 * @param meteringUrl the metering base URL ({@code METERING_URL}, e.g.
 *     {@code https://billing.cloud.ibm.com}); null starts an embedded metering simulator on
 *     127.0.0.1
 * @param interval the window length ({@code METERING_INTERVAL_S}, default 3600)
 * @param iamUrl the IAM that issues the service-ID token ({@code IAM_URL}); null uses the
 *     embedded IAM simulator
 * @param apiKey the service ID's API key ({@code IAM_APIKEY}); required with {@code IAM_URL}
 * @param resourceId the service's global catalog id ({@code METERING_RESOURCE_ID}); null means
 *     the service id
 * @param requestTimeout how long the sender waits for one answer of the metering API
 *     ({@code METERING_TIMEOUT_S}, default 30) before it resends the batch
 */
public record MeteringSettings(URI meteringUrl, Duration interval, URI iamUrl, String apiKey,
    String resourceId, Duration requestTimeout) {

  /** Validates. */
  public MeteringSettings {
    Objects.requireNonNull(interval, "interval == null");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("METERING_INTERVAL_S must be at least 1");
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout == null");
  }

  /**
   * Reads the settings.
   *
   * @param env the environment
   * @return the settings
   */
  public static MeteringSettings fromEnvironment(Map<String, String> env) {
    String url = blankToNull(env.get("METERING_URL"));
    String iam = blankToNull(env.get("IAM_URL"));
    return new MeteringSettings(url == null ? null : URI.create(url),
        Duration.ofSeconds(EnvValues.read(env, "METERING_INTERVAL_S", 3600)),
        iam == null ? null : URI.create(iam), blankToNull(env.get("IAM_APIKEY")),
        blankToNull(env.get("METERING_RESOURCE_ID")),
        Duration.ofSeconds(EnvValues.read(env, "METERING_TIMEOUT_S", 30)));
  }

  /**
   * Embedded simulators for metering and IAM, hourly windows.
   *
   * @return the settings
   */
  public static MeteringSettings embedded() {
    return new MeteringSettings(null, Duration.ofHours(1), null, null, null,
        Duration.ofSeconds(30));
  }

  /**
   * Returns these settings with another metering URL, window and request timeout.
   *
   * @param url the metering base URL
   * @param window the window length
   * @param timeout the request timeout
   * @return the copy
   */
  public MeteringSettings withUrl(URI url, Duration window, Duration timeout) {
    return new MeteringSettings(url, window, iamUrl, apiKey, resourceId, timeout);
  }

  /**
   * Returns the global catalog id records are reported under.
   *
   * @return {@link #resourceId()}, or the service id when unset
   */
  public String effectiveResourceId() {
    return resourceId != null ? resourceId : HelloCatalog.SERVICE_ID;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Hides the API key. */
  @Override
  public String toString() {
    return "MeteringSettings[meteringUrl=" + meteringUrl + ", interval=" + interval
        + ", iamUrl=" + iamUrl + ", resourceId=" + resourceId + "]";
  }
}
