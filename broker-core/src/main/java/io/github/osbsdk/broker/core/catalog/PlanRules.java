package io.github.osbsdk.broker.core.catalog;

import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.Map;

/** OSB "Service Plan Object" rules for one plan. */
final class PlanRules {
  private PlanRules() {}

  /**
   * @param ids every id seen so far (services and plans) mapped to the path that used it first
   * @param planNames plan names of this service seen so far mapped to their paths
   */
  static void check(Problems p, String path, ServiceOffering service, Plan plan,
      Map<String, String> ids, Map<String, String> planNames) {
    if (plan == null) {
      p.error(path, "must not be null");
      return;
    }
    CatalogValidator.id(p, path + ".id", plan.id(), ids);
    if (TextRules.required(p, path + ".name", plan.name())) {
      String first = planNames.putIfAbsent(plan.name(), path + ".name");
      if (first != null) {
        p.error(path + ".name", "duplicate plan name " + MessageValues.quote(plan.name())
            + " (also at " + first
            + "): plan names must be unique within their service");
      }
      TextRules.nameStyle(p, path + ".name", plan.name());
      TextRules.length(p, path + ".name", plan.name());
    }
    if (TextRules.required(p, path + ".description", plan.description())) {
      TextRules.length(p, path + ".description", plan.description());
    }
    Integer polling = plan.maximumPollingDuration();
    if (polling != null && polling <= 0) {
      p.error(path + ".maximum_polling_duration", "must be a positive number of seconds, was "
          + polling);
    }
    maintenanceInfo(p, path + ".maintenance_info", plan.maintenanceInfo());
    boolean bindable = service.isBindable(plan);
    if (Boolean.TRUE.equals(plan.bindingRotatable()) && !bindable) {
      p.warning(path + ".binding_rotatable", "is true but the plan is not bindable");
    }
    MetadataRules.plan(p, path + ".metadata", p.missing(path + ".name") ? null : plan.name(),
        plan.metadata());
    Schemas schemas = plan.schemas();
    if (schemas != null) {
      schema(p, path + ".schemas.service_instance.create.parameters", schemas.instanceCreate());
      schema(p, path + ".schemas.service_instance.update.parameters", schemas.instanceUpdate());
      schema(p, path + ".schemas.service_binding.create.parameters", schemas.bindingCreate());
      if (schemas.bindingCreate() != null && !bindable) {
        p.warning(path + ".schemas.service_binding", "is set but the plan is not bindable, so "
            + "platforms never use it");
      }
    }
  }

  private static void maintenanceInfo(Problems p, String path, MaintenanceInfo info) {
    if (info == null) {
      return;
    }
    if (TextRules.required(p, path + ".version", info.version())) {
      if (!TextRules.isSemVer(info.version())) {
        p.error(path + ".version", MessageValues.quote(info.version())
            + " is not a semantic version "
            + "(SemVer 2.0.0, e.g. 1.2.3, 2.0.0-beta.1+build.7)");
      }
      TextRules.length(p, path + ".version", info.version());
    }
    TextRules.length(p, path + ".description", info.description());
  }

  private static void schema(Problems p, String path, Map<String, Object> schema) {
    if (schema != null) {
      SchemaRules.check(p, path, schema);
    }
  }
}
