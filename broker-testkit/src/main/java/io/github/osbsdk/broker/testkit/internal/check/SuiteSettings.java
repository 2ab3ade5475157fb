package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.Rule;
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
 * @param iamProbes clients sending minted IAM tokens the broker must refuse, by the rule they
 *     check (empty unless the kit can mint tokens: an IAM simulator was given)
 * @param front how the user configured the run (what messages name)
 */
public record SuiteSettings(OsbClient client, java.util.List<OsbClient> wrongCredentials,
    Capabilities capabilities, Duration asyncTimeout, Duration maxPollInterval,
    java.util.Map<Rule, OsbClient> iamProbes, Front front) {
  /**
   * Settings of a run configured through the Java API.
   *
   * @param client the authenticated client
   * @param wrongCredentials clients with wrong credentials
   * @param capabilities declared capabilities
   * @param asyncTimeout the longest wait for one asynchronous operation
   * @param maxPollInterval the cap on {@code Retry-After}
   * @param iamProbes clients sending minted IAM tokens the broker must refuse
   */
  public SuiteSettings(OsbClient client, java.util.List<OsbClient> wrongCredentials,
      Capabilities capabilities, Duration asyncTimeout, Duration maxPollInterval,
      java.util.Map<Rule, OsbClient> iamProbes) {
    this(client, wrongCredentials, capabilities, asyncTimeout, maxPollInterval, iamProbes,
        Front.API);
  }

  /**
   * Settings without IAM probes.
   *
   * @param client the authenticated client
   * @param wrongCredentials clients with wrong credentials
   * @param capabilities declared capabilities
   * @param asyncTimeout the longest wait for one asynchronous operation
   * @param maxPollInterval the cap on {@code Retry-After}
   */
  public SuiteSettings(OsbClient client, java.util.List<OsbClient> wrongCredentials,
      Capabilities capabilities, Duration asyncTimeout, Duration maxPollInterval) {
    this(client, wrongCredentials, capabilities, asyncTimeout, maxPollInterval,
        java.util.Map.of());
  }

  /** Validates. */
  public SuiteSettings {
    iamProbes = java.util.Map.copyOf(iamProbes);
    Objects.requireNonNull(client, "client == null");
    wrongCredentials = java.util.List.copyOf(wrongCredentials);
    Objects.requireNonNull(capabilities, "capabilities == null");
    Objects.requireNonNull(asyncTimeout, "asyncTimeout == null");
    Objects.requireNonNull(maxPollInterval, "maxPollInterval == null");
    Objects.requireNonNull(front, "front == null");
  }

  /** @return whether the run sends credentials */
  public boolean authenticated() {
    return !wrongCredentials.isEmpty();
  }
}
