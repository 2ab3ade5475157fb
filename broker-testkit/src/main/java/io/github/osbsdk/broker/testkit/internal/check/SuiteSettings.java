package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import java.time.Duration;
import java.util.Objects;

/**
 * What every check needs to know about the run.
 *
 * @param client the authenticated client
 * @param wrongCredentials clients sending wrong credentials of the configured kind (e.g. wrong
 *     password, wrong user), empty when the run has no credentials
 * @param capabilities declared capabilities
 * @param asyncTimeout the longest the suite waits for one asynchronous operation
 * @param maxPollInterval the cap on {@code Retry-After} between polls
 */
public record SuiteSettings(OsbClient client, java.util.List<OsbClient> wrongCredentials,
    Capabilities capabilities, Duration asyncTimeout, Duration maxPollInterval) {
  /** Validates. */
  public SuiteSettings {
    Objects.requireNonNull(client, "client == null");
    wrongCredentials = java.util.List.copyOf(wrongCredentials);
    Objects.requireNonNull(capabilities, "capabilities == null");
    Objects.requireNonNull(asyncTimeout, "asyncTimeout == null");
    Objects.requireNonNull(maxPollInterval, "maxPollInterval == null");
  }

  /** @return whether the run sends credentials */
  public boolean authenticated() {
    return !wrongCredentials.isEmpty();
  }
}
