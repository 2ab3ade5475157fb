package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Rule;

/**
 * Why a rule has no check on a catalog: what the catalog (or the run's capabilities) lacks for
 * it, as its one "not applicable" result names it. The checks of a rule are planned only where
 * the catalog offers what they test (a bindable plan, a schema, maintenance info, an async-only
 * plan); each rule so planned has its reason here.
 */
final class Unplanned {
  private Unplanned() {}

  /**
   * @param rule a rule the planner made no check of
   * @param view the catalog
   * @param ctx the context of the check that reports it
   * @return what was missing, as a "not applicable" reason
   */
  static String reason(Rule rule, CatalogView view, CheckContext ctx) {
    if (view.plans().isEmpty()) {
      return "no plan could be read from the catalog";
    }
    return switch (rule) {
      case PROVISION_INVALID_PARAMETERS -> noRefusingSchema("", "service_instance.create");
      case UPDATE_INVALID_PARAMETERS -> noRefusingSchema("", "service_instance.update");
      case BIND_INVALID_PARAMETERS -> view.bindablePlans().isEmpty() ? noBindablePlan(view, ctx)
          : noRefusingSchema("bindable ", "service_binding.create");
      case PROVISION_MAINTENANCE_INFO_CONFLICT -> "no plan declares maintenance_info";
      case FETCH_INSTANCE_WHILE_PROVISIONING -> view.capabilities().instancesRetrievable()
          .orElse(true) ? "no service declares instances_retrievable"
          : "fetches of instances are switched off (" + ctx.settings().front()
              .setting("Capabilities.instancesRetrievable", "--no-instances-retrievable") + ")";
      case DEPROVISION_ASYNC_REQUIRED, UPDATE_ASYNC_REQUIRED -> noAsyncOnlyPlan(ctx);
      case BIND_ASYNC_REQUIRED, UNBIND_ASYNC_REQUIRED -> view.capabilities().asyncOnlyPlans()
          .isEmpty() ? noAsyncOnlyPlan(ctx) : view.bindablePlans().isEmpty()
              ? noBindablePlan(view, ctx) : "no declared async-only plan is bindable";
      case BIND_NOT_BINDABLE -> view.capabilities().bindings().orElse(true)
          ? "every plan is bindable" : bindingsOff(ctx);
      case BIND_CREATED, BIND_IDENTICAL, BIND_CONFLICT, BIND_ASYNC_NO_CREDENTIALS,
          FETCH_BINDING_OK, UNBIND_OK, BIND_ROTATION, BIND_REQUIRES_PERMISSIONS, BIND_METADATA,
          BIND_VOLUME_MOUNTS, BIND_ENDPOINTS -> noBindablePlan(view, ctx);
      default -> "no plan of the catalog offers what rule " + rule.id() + " needs";
    };
  }

  /**
   * @return why no plan is bindable: none says {@code bindable}, or binding checks are switched
   *     off
   */
  static String noBindablePlan(CatalogView view, CheckContext ctx) {
    return view.capabilities().bindings().orElse(true) ? "no plan is bindable"
        : bindingsOff(ctx);
  }

  private static String bindingsOff(CheckContext ctx) {
    return "binding checks are switched off (" + ctx.settings().front()
        .setting("Capabilities.bindings", "--no-bindings") + ")";
  }

  private static String noAsyncOnlyPlan(CheckContext ctx) {
    return "no async-only plan is declared (" + ctx.settings().front()
        .setting("Capabilities.asyncOnlyPlans", "--async-plan") + ")";
  }

  private static String noRefusingSchema(String which, String schema) {
    return "no " + which + "plan has a schemas." + schema + ".parameters schema that refuses"
        + " parameters the kit can make (a plan without one accepts any parameters)";
  }
}
