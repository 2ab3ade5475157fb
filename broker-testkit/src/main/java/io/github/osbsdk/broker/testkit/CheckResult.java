package io.github.osbsdk.broker.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one check of the conformance suite.
 *
 * @param name the check's name: the rule id, followed by {@code [service/plan]} for checks
 *     generated per plan, e.g. {@code provision.created[hello/standard]}
 * @param ruleId the rule id (see {@link Rule})
 * @param specSection where the rule comes from, e.g. {@code spec.md#provisioning}
 * @param status passed, failed or skipped
 * @param message for a failure: what was expected and what came back; for a skip: why; may be
 *     empty for a pass
 * @param request the request that showed the failure (method, URL, headers with credentials
 *     masked, body), empty when none
 * @param response the response received (status, headers, body truncated), empty when none
 * @param duration how long the check ran
 */
public record CheckResult(String name, String ruleId, String specSection, Status status,
    String message, String request, String response, Duration duration) {

  /** The outcome of a check. */
  public enum Status {
    /** The broker followed the rule. */
    PASSED,
    /** The broker broke the rule. */
    FAILED,
    /** The check did not run: skipped on request, or the broker does not offer the feature. */
    SKIPPED
  }

  /**
   * Validates and normalises nulls to empty strings.
   *
   * @param name the check's name: the rule id, followed by {@code [service/plan]} for checks
   *     generated per plan, e.g. {@code provision.created[hello/standard]}
   * @param ruleId the rule id (see {@link Rule})
   * @param specSection where the rule comes from, e.g. {@code spec.md#provisioning}
   * @param status passed, failed or skipped
   * @param message for a failure: what was expected and what came back; for a skip: why; may be
   *     empty for a pass
   * @param request the request that showed the failure (method, URL, headers with credentials
   *     masked, body), empty when none
   * @param response the response received (status, headers, body truncated), empty when none
   * @param duration how long the check ran
   */
  public CheckResult {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(ruleId, "ruleId == null");
    Objects.requireNonNull(status, "status == null");
    specSection = specSection == null ? "" : specSection;
    message = message == null ? "" : message;
    request = request == null ? "" : request;
    response = response == null ? "" : response;
    duration = duration == null ? Duration.ZERO : duration;
  }

  /**
   * A result without timing, as the contract of the suite names it.
   *
   * @param name the check name
   * @param ruleId the rule id
   * @param specSection the spec section
   * @param status the status
   * @param message the message
   * @param request the request
   * @param response the response
   */
  public CheckResult(String name, String ruleId, String specSection, Status status,
      String message, String request, String response) {
    this(name, ruleId, specSection, status, message, request, response, Duration.ZERO);
  }

  /**
   * Whether the broker met the rule in this check.
   *
   * @return whether the check passed
   */
  public boolean isPassed() {
    return status == Status.PASSED;
  }

  /**
   * Whether the broker broke the rule in this check.
   *
   * @return whether the check failed
   */
  public boolean isFailed() {
    return status == Status.FAILED;
  }

  /**
   * Whether the check did not run, e.g. for a capability the broker does not declare.
   *
   * @return whether the check was skipped
   */
  public boolean isSkipped() {
    return status == Status.SKIPPED;
  }

  /**
   * A full, self-explaining description: rule, spec section, message, request and response.
   *
   * @return the description, several lines for a failure
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(status).append(' ').append(name).append(" (rule ").append(ruleId);
    if (!specSection.isEmpty()) {
      sb.append(", ").append(specSection);
    }
    sb.append(')');
    if (!message.isEmpty()) {
      sb.append(": ").append(message);
    }
    if (!request.isEmpty()) {
      sb.append("\n  request:\n").append(indent(request));
    }
    if (!response.isEmpty()) {
      sb.append("\n  response:\n").append(indent(response));
    }
    return sb.toString();
  }

  private static String indent(String text) {
    return "    " + text.strip().replace("\n", "\n    ");
  }
}
