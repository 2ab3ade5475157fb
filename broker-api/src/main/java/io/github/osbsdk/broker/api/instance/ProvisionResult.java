package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import java.util.Objects;

/**
 * What {@code ServiceBroker.provision} did: created the instance (201) or accepted the work
 * (202). Repeats (200) and conflicts (409) are answered by the SDK from its registry and never
 * reach the provider.
 */
public sealed interface ProvisionResult {
  /**
   * The instance exists now (201).
   *
   * @return the result
   */
  static Created created() {
    return new Created(null, null);
  }

  /**
   * The instance exists now (201) and has a dashboard.
   *
   * @param dashboardUrl the dashboard URL, or null for none
   * @return the result
   */
  static Created created(String dashboardUrl) {
    return new Created(dashboardUrl, null);
  }

  /**
   * The work continues in the background (202); only when the request accepts it.
   *
   * @param work the work
   * @return the result
   */
  static Accepted accepted(AsyncWork work) {
    return new Accepted(null, null, work);
  }

  /**
   * Created (201). {@link #toString()} masks the user info and query values of the dashboard URL,
   * which may carry a token; the accessor and the answer keep it whole.
   *
   * @param dashboardUrl the dashboard URL, may be null
   * @param metadata labels and attributes, may be null
   */
  record Created(String dashboardUrl, InstanceMetadata metadata) implements ProvisionResult {
    /**
     * A copy with a dashboard URL.
     *
     * @param url the dashboard URL, or null for none
     * @return the copy
     */
    public Created withDashboardUrl(String url) {
      return new Created(url, metadata);
    }

    /**
     * A copy with metadata.
     *
     * @param newMetadata labels and attributes, or null for none
     * @return the copy
     */
    public Created withMetadata(InstanceMetadata newMetadata) {
      return new Created(dashboardUrl, newMetadata);
    }

    /**
     * Describes the result for logs without secrets in its dashboard URL.
     *
     * @return the result, the dashboard URL's user info and query values masked
     */
    @Override
    public String toString() {
      return "Created[dashboardUrl=" + UrlSecrets.maskUrl(dashboardUrl) + ", metadata="
          + metadata + "]";
    }
  }

  /**
   * Accepted (202). {@link #toString()} masks the dashboard URL as {@link Created} does.
   *
   * @param dashboardUrl the dashboard URL, sent already in this first answer; may be null
   * @param metadata labels and attributes, may be null
   * @param work the work
   */
  record Accepted(String dashboardUrl, InstanceMetadata metadata, AsyncWork work)
      implements ProvisionResult {
    /**
     * Checks the work.
     *
     * @param dashboardUrl the dashboard URL, sent already in this first answer; may be null
     * @param metadata labels and attributes, may be null
     * @param work the work
     */
    public Accepted {
      Objects.requireNonNull(work, "work == null");
    }

    /**
     * A copy with a dashboard URL.
     *
     * @param url the dashboard URL, or null for none
     * @return the copy
     */
    public Accepted withDashboardUrl(String url) {
      return new Accepted(url, metadata, work);
    }

    /**
     * A copy with metadata.
     *
     * @param newMetadata labels and attributes, or null for none
     * @return the copy
     */
    public Accepted withMetadata(InstanceMetadata newMetadata) {
      return new Accepted(dashboardUrl, newMetadata, work);
    }

    /**
     * Describes the result for logs without secrets in its dashboard URL.
     *
     * @return the result, the dashboard URL's user info and query values masked
     */
    @Override
    public String toString() {
      return "Accepted[dashboardUrl=" + UrlSecrets.maskUrl(dashboardUrl) + ", metadata="
          + metadata + ", work=" + work + "]";
    }
  }
}
