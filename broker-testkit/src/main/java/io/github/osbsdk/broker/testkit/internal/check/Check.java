package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Rule;
import java.util.Objects;

/**
 * One planned check: a rule, applied once (global) or per plan.
 *
 * @param name the rule id, plus {@code [service/plan]} when generated per plan
 * @param rule the rule
 * @param body what to do
 */
public record Check(String name, Rule rule, Body body) {
  /** Validates. */
  public Check {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(rule, "rule == null");
    Objects.requireNonNull(body, "body == null");
  }

  /**
   * @param rule the rule
   * @param body what to do
   * @return a global check named after the rule
   */
  public static Check of(Rule rule, Body body) {
    return new Check(rule.id(), rule, body);
  }

  /**
   * @param rule the rule
   * @param plan the plan
   * @param body what to do
   * @return a per-plan check
   */
  public static Check of(Rule rule, PlanRef plan, Body body) {
    return new Check(rule.id() + "[" + plan.label() + "]", rule, body);
  }

  /** What a check does; throws {@link CheckFailure} or {@link NotApplicable}. */
  @FunctionalInterface
  public interface Body {
    /**
     * @param ctx the check's context
     * @throws Exception anything unexpected: a failure
     */
    void run(CheckContext ctx) throws Exception;
  }
}
