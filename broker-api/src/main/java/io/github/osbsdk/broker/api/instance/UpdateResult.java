package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import java.util.Objects;

/** What {@code ServiceBroker.update} did: changed the instance (200) or accepted the work (202). */
public sealed interface UpdateResult {
  /**
   * The change is done (200).
   *
   * @return the result
   */
  static Updated updated() {
    return new Updated(null, null);
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
   * Done (200). {@link #toString()} masks the user info and query values of the dashboard URL,
   * which may carry a token; the accessor and the answer keep it whole.
   *
   * @param dashboardUrl a new dashboard URL, or null to keep the current one
   * @param metadata labels and attributes, may be null
   */
  record Updated(String dashboardUrl, InstanceMetadata metadata) implements UpdateResult {
    /**
     * A copy with a new dashboard URL.
     *
     * @param url the URL, or null to keep the current one
     * @return the copy
     */
    public Updated withDashboardUrl(String url) {
      return new Updated(url, metadata);
    }

    /**
     * A copy with metadata.
     *
     * @param newMetadata labels and attributes, or null for none
     * @return the copy
     */
    public Updated withMetadata(InstanceMetadata newMetadata) {
      return new Updated(dashboardUrl, newMetadata);
    }

    /**
     * Describes the result for logs without secrets in its dashboard URL.
     *
     * @return the result, the dashboard URL's user info and query values masked
     */
    @Override
    public String toString() {
      return "Updated[dashboardUrl=" + UrlSecrets.maskUrl(dashboardUrl) + ", metadata="
          + metadata + "]";
    }
  }

  /**
   * Accepted (202). {@link #toString()} masks the dashboard URL as {@link Updated} does.
   *
   * @param dashboardUrl a new dashboard URL, or null
   * @param metadata labels and attributes, may be null
   * @param work the work
   */
  record Accepted(String dashboardUrl, InstanceMetadata metadata, AsyncWork work)
      implements UpdateResult {
    /**
     * Checks the work.
     *
     * @param dashboardUrl a new dashboard URL, or null
     * @param metadata labels and attributes, may be null
     * @param work the work
     */
    public Accepted {
      Objects.requireNonNull(work, "work == null");
    }

    /**
     * A copy with a new dashboard URL, sent in the 202 answer.
     *
     * @param url the URL, or null to keep the current one
     * @return the copy
     */
    public Accepted withDashboardUrl(String url) {
      return new Accepted(url, metadata, work);
    }

    /**
     * A copy with metadata, sent in the 202 answer.
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
