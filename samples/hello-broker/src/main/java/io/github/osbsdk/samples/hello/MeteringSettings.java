package io.github.osbsdk.samples.hello;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
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

  /** The longest {@code METERING_INTERVAL_S}: 31 days. */
  static final long MAX_INTERVAL_S = 31L * 24 * 3600;
  /** The longest {@code METERING_TIMEOUT_S}: one hour. */
  static final long MAX_TIMEOUT_S = 3600;
  /** The shortest metering lease: broker-metering's default. */
  static final Duration MIN_LEASE = Duration.ofMinutes(5);
  /**
   * How many request timeouts a metering lease lasts at least: the sender's default claim of
   * 500 records is 5 batches of 100, plus one (broker-metering refuses a shorter lease).
   */
  static final int LEASE_TIMEOUTS = 6;

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
    long interval = EnvValues.read(env, "METERING_INTERVAL_S", 3600, 1, MAX_INTERVAL_S,
        " seconds");
    long timeout = EnvValues.read(env, "METERING_TIMEOUT_S", 30, 1, MAX_TIMEOUT_S, " seconds");
    return new MeteringSettings(absoluteUrl("METERING_URL", url), Duration.ofSeconds(interval),
        IamSettings.iamUrl(iam), blankToNull(env.get("IAM_APIKEY")),
        blankToNull(env.get("METERING_RESOURCE_ID")), Duration.ofSeconds(timeout));
  }

  /**
   * Parses an absolute http(s) URL, refused with a message naming the variable. A URL with a
   * user name or password before the host ({@code https://user:password@host}) is refused: the
   * sample would not send them (IAM and metering take an API key), and the messages never show
   * them.
   *
   * @param variable the environment variable
   * @param url the value, or null
   * @return the URI, or null
   */
  static URI absoluteUrl(String variable, String url) {
    if (url == null) {
      return null;
    }
    if (url.replaceFirst("^[^/?#]*//", "").replaceFirst("[/?#].*", "").contains("@")) {
      throw new IllegalArgumentException(variable + " must not contain a user name or password"
          + " (user:password@host): the sample authenticates with API keys (IAM_APIKEY,"
          + " BROKER_API_KEY)");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new URISyntaxException(url, "not an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(variable + " must be an absolute http or https URL,"
          + " not " + EnvValues.describedUrl(url), e);
    }
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
   * Returns how long records the metering sender claimed stay its own: 5 minutes, or
   * {@value #LEASE_TIMEOUTS} x {@code METERING_TIMEOUT_S} when that is longer (at most 6 hours),
   * so that every {@code METERING_TIMEOUT_S} from 1 to {@value #MAX_TIMEOUT_S} starts.
   *
   * @return the metering lease
   */
  public Duration meteringLease() {
    Duration derived = requestTimeout.multipliedBy(LEASE_TIMEOUTS);
    return derived.compareTo(MIN_LEASE) > 0 ? derived : MIN_LEASE;
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
