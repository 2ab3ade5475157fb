package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Rule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Generates the checks of a run from the catalog: global ones, then per service and per plan. */
public final class Planner {
  private Planner() {}

  /**
   * @param view the catalog view (empty when the catalog could not be read)
   * @return every check, each rule at least once (rules with nothing to check on this catalog
   *     appear as one check that reports itself not applicable, naming what the catalog lacks:
   *     {@link Unplanned})
   */
  public static List<Check> plan(CatalogView view) {
    List<Check> checks = new ArrayList<>();
    checks.addAll(HeaderChecks.checks(view));
    checks.addAll(AuthChecks.checks(view));
    checks.addAll(CatalogChecks.checks());
    checks.addAll(RequestErrorChecks.global(view));
    Set<String> services = new HashSet<>();
    for (PlanRef p : view.plans()) {
      if (services.add(p.serviceId())) {
        checks.addAll(RequestErrorChecks.perService(view, p));
      }
    }
    for (PlanRef p : view.plans()) {
      checks.addAll(ProvisionChecks.perPlan(view, p));
      checks.addAll(AsyncChecks.perPlan(p));
      checks.addAll(InstanceChecks.perPlan(view, p));
      checks.addAll(AsyncRequiredChecks.perPlan(view, p));
      checks.addAll(SpecDetailChecks.perPlan(p));
      if (view.bindable(p)) {
        checks.addAll(BindingChecks.perBindablePlan(view, p));
        checks.add(SpecDetailChecks.perBindablePlan(view, p));
        checks.add(BindingMetadataChecks.perBindablePlan(view, p));
        checks.add(VolumeMountChecks.perBindablePlan(view, p));
        checks.add(EndpointChecks.perBindablePlan(view, p));
      } else if (view.capabilities().bindings().orElse(true)) {
        checks.add(BindingChecks.notBindable(p));
      }
    }
    checks.add(AsyncChecks.notFound(view));
    checks.addAll(InstanceChecks.global(view));
    checks.addAll(BindingChecks.global(view));
    checks.addAll(IbmChecks.global(view));
    checks.addAll(ReplicaChecks.global(view));
    Set<Rule> covered = EnumSet.noneOf(Rule.class);
    checks.forEach(c -> covered.add(c.rule()));
    for (Rule r : Rule.values()) {
      if (!covered.contains(r)) {
        checks.add(Check.of(r, ctx -> {
          throw ctx.notApplicable(Unplanned.reason(r, view, ctx));
        }));
      }
    }
    return checks;
  }
}
