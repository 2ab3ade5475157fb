package io.github.osbsdk.broker.testkit.internal.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provision and bind bodies the suite sends, as IBM Cloud would. */
final class RequestBodies {
  private RequestBodies() {}

  static Map<String, Object> provision(CheckContext ctx, PlanRef p, String crn) {
    ctx.bodyFor(p);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_id", p.serviceId());
    body.put("plan_id", p.planId());
    body.put("organization_guid", "osb-conformance-org");
    body.put("space_guid", "osb-conformance-space");
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("platform", "ibmcloud");
    context.put("account_id", CheckContext.ACCOUNT);
    context.put("crn", crn);
    context.put("resource_group_crn", "crn:v1:bluemix:public:resource-controller::a/"
        + CheckContext.ACCOUNT
        + "::resource-group:osbconformance");
    context.put("target_crn", "crn:v1:bluemix:public:globalcatalog::::deployment:osbconformance");
    context.put("name", "osb-conformance");
    body.put("context", context);
    body.put("parameters", ctx.caps().provisionParameters(p.planId())
        .orElseGet(() -> sample(ctx, p, p.plan().schemas() == null ? null
            : p.plan().schemas().instanceCreate(), "service_instance.create",
            "provisionParameters")));
    if (p.plan().maintenanceInfo() != null && p.plan().maintenanceInfo().version() != null) {
      body.put("maintenance_info", Map.of("version", p.plan().maintenanceInfo().version()));
    }
    return body;
  }

  /**
   * @param p a plan
   * @return a bind body for it, with an {@code app_guid}
   */
  static Map<String, Object> bind(CheckContext ctx, PlanRef p) {
    ctx.bodyFor(p);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_id", p.serviceId());
    body.put("plan_id", p.planId());
    body.put("bind_resource", Map.of("app_guid", ctx.newId()));
    body.put("context", Map.of("platform", "ibmcloud", "account_id", CheckContext.ACCOUNT));
    body.put("parameters", ctx.caps().bindParameters(p.planId())
        .orElseGet(() -> sample(ctx, p, p.plan().schemas() == null ? null
            : p.plan().schemas().bindingCreate(), "service_binding.create", "bindParameters")));
    return body;
  }

  /**
   * @param which the schema's place under {@code schemas}, for the reason
   * @param capability the {@code Capabilities.Builder} method that gives parameters instead
   * @return parameters the schema accepts
   * @throws NotApplicable naming the plan and the schema location when the kit cannot make any
   *     (a pattern none of its candidates matches, say): a broker refusing them is right
   */
  private static Map<String, Object> sample(CheckContext ctx, PlanRef p,
      Map<String, Object> schema, String which, String capability) {
    Map<String, Object> params = SchemaSamples.valid(schema);
    List<String> problems = SchemaSamples.problems(schema, params);
    if (!problems.isEmpty()) {
      throw ctx.notApplicable("the kit cannot make parameters that plan " + p.label() + " ("
          + p.planId() + ") schemas." + which + ".parameters accepts: " + problems.get(0)
          + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
          + "; declare valid ones with Capabilities." + capability);
    }
    return params;
  }

  /**
   * For the checks that send parameters a schema refuses: the kit cannot judge parameters
   * against a schema with a minimum it cannot send (beyond {@code int}, or too large for one
   * sample).
   *
   * @param which the schema's place under {@code schemas}, for the reason
   * @throws NotApplicable naming the plan, the schema location, the keyword and its value when
   *     the schema has such a minimum
   */
  static void requireSendableCounts(CheckContext ctx, PlanRef p, Map<String, Object> schema,
      String which) {
    List<String> beyond = SchemaSamples.unsendableCounts(schema);
    if (!beyond.isEmpty()) {
      throw ctx.notApplicable("the kit cannot tell which parameters plan " + p.label() + " ("
          + p.planId() + ") schemas." + which + ".parameters refuses: " + beyond.get(0)
          + (beyond.size() > 1 ? " (and " + (beyond.size() - 1) + " more)" : ""));
    }
  }
}
